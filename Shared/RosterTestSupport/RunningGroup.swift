import ServiceLifecycle

/// A `ServiceGroup` running in a background task, for tests that stop it gracefully or watch it fail.
public final class RunningGroup: Sendable {
    private let group: ServiceGroup
    private let task: Task<Result<Void, any Error>, Never>

    public init(_ group: ServiceGroup) {
        self.group = group
        self.task = Task {
            do {
                try await group.run()
                return .success(())
            } catch {
                return .failure(error)
            }
        }
    }

    /// Triggers graceful shutdown (as SIGTERM does) and waits for the group to end.
    @discardableResult
    public func stop() async -> Result<Void, any Error> {
        await group.triggerGracefulShutdown()
        return await task.value
    }

    /// Waits for the group to end on its own.
    public func finished() async -> Result<Void, any Error> { await task.value }
}
