import Foundation

/// Runs blocking work (librdkafka polls, SQLite transactions) on a thread of its own, off the
/// cooperative pool, and suspends the caller until it finishes.
public enum BlockingThread {
    public static func run<T: Sendable>(name: String, _ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try body() })
            }
            thread.name = name
            thread.stackSize = 8 << 20
            thread.start()
        }
    }
}
