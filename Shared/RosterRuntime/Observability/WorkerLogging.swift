import Logging

/// Process-wide logging setup for a worker's `@main`.
public enum WorkerLogging {
    /// Routes swift-log to JSON lines on standard error and returns the worker's logger.
    public static func bootstrap(worker: String, level: Logger.Level) -> Logger {
        LoggingSystem.bootstrap { label in
            var handler = JSONLogHandler(label: label)
            handler.logLevel = level
            return handler
        }
        var logger = Logger(label: worker)
        logger.logLevel = level
        return logger
    }
}
