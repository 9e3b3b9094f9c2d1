import RosterRuntime

/// Runs blocking work of a test (consumer polls and closes, waits on semaphores) on a thread of its own.
///
/// Tests run in parallel on the cooperative pool, two threads on a 2-core machine: a test that blocks one for seconds
/// stalls every other test's asynchronous work, the in-process workers' included.
public func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await BlockingThread.run(name: "test-blocking", body)
}
