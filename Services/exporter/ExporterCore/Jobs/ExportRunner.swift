import Foundation
import Logging
import RosterModel
import RosterRuntime
import ServiceLifecycle
import Synchronization

/// Runs export jobs one at a time, oldest first, each on a thread of its own. A job left `running` by a stopped
/// worker is run again first. Jobs wait until the worker's consumers have joined, so that the read model is there.
public final class ExportRunner: Service, Sendable {
    /// Test hooks around the points where a crash matters.
    public struct Hooks: Sendable {
        /// Runs after progress was recorded, with the export id and the rows written; an error it throws ends the
        /// runner as a crash would, leaving the job `running`.
        public var afterProgress: (@Sendable (_ exportID: String, _ rowsWritten: Int) throws -> Void)?

        /// Makes hooks.
        public init(afterProgress: (@Sendable (_ exportID: String, _ rowsWritten: Int) throws -> Void)? = nil) {
            self.afterProgress = afterProgress
        }
    }

    private let worker: WorkerContext
    private let store: ExportStore
    private let folder: ExportFolder
    private let settings: ExporterSettings
    private let hooks: Hooks
    private let stopping = Mutex(false)

    /// Makes the runner of a worker's jobs.
    public init(
        worker: WorkerContext, store: ExportStore, folder: ExportFolder, settings: ExporterSettings, hooks: Hooks
    ) {
        self.worker = worker
        self.store = store
        self.folder = folder
        self.settings = settings
        self.hooks = hooks
    }

    /// Claims and runs jobs until the worker stops; a job in hand stops at its next progress record.
    public func run() async throws {
        try await withTaskCancellationOrGracefulShutdownHandler {
            while !stopping.withLock({ $0 }) {
                guard worker.readiness.isReady, let job = try store.claimNext(now: Timestamps.format(Date())) else {
                    try? await Task.sleep(for: settings.pollInterval)
                    continue
                }
                worker.logger.info("export running", metadata: ["export.id": "\(job.exportId)"])
                let execution = ExportExecution(
                    job: job, worker: worker, store: store, folder: folder, settings: settings, hooks: hooks,
                    shouldStop: { self.stopping.withLock { $0 } })
                do {
                    _ = try await BlockingThread.run(name: "export-\(job.exportId)") { try execution.run() }
                } catch let failure as ExportExecution.HookFailure {
                    throw failure.underlying
                } catch {
                    worker.logger.error(
                        "export runner stopped", metadata: ["export.id": "\(job.exportId)", "error": "\(error)"])
                    throw error
                }
            }
        } onCancelOrGracefulShutdown: {
            self.stopping.withLock { $0 = true }
        }
    }
}
