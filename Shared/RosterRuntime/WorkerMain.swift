import Logging
import ServiceLifecycle

/// What a worker executable needs to know of its worker.
public protocol WorkerDefinition {
    /// The worker's name: its consumer group and database file.
    static var name: String { get }
    /// The HTTP port when none is configured.
    static var defaultPort: Int { get }
    /// Connects and returns the process's services.
    static func makeServiceGroup(config: WorkerConfig, logger: Logger) throws -> ServiceGroup
}

/// The body of every worker's `@main`: resolve configuration, start JSON logging, run until SIGTERM.
public enum WorkerMain {
    public static func run<Worker: WorkerDefinition>(_ worker: Worker.Type, options: WorkerOptions) async throws {
        let config = try options.resolve(name: Worker.name, defaultPort: Worker.defaultPort)
        let logger = WorkerLogging.bootstrap(worker: Worker.name, level: config.logLevel)
        do {
            try await Worker.makeServiceGroup(config: config, logger: logger).run()
        } catch {
            logger.critical("worker stopped", metadata: ["error": "\(error)"])
            throw error
        }
    }
}
