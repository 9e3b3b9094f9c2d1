import Foundation
import Logging
import RosterModel
import RosterRuntime
import ServiceLifecycle
import Synchronization

/// Runs started imports: one job at a time per tenant, in the order they were started, tenants side by side.
/// On start it resumes the jobs that were importing when the worker stopped.
public final class ImportRunner: Service, Sendable {
    /// How jobs are run.
    public struct Settings: Sendable {
        /// Rows per chunk: published together, then progress is recorded. Default 2,000: each chunk waits for the
        /// lag check, the broker's acknowledgement and a committed progress write, so larger chunks wait less per
        /// row.
        public var chunkRows: Int
        /// How often the runner looks for queued jobs. Default 200 ms.
        public var pollInterval: Duration
        /// The consumer group whose lag holds publishing back (the identity resolver); nil to never wait.
        public var lagGroup: String?
        /// The most messages the group may be behind before publishing pauses. Default 20,000.
        public var maxLag: Int64

        /// Makes settings; the defaults suit the embedded broker and a real cluster alike.
        public init(
            chunkRows: Int = 2000, pollInterval: Duration = .milliseconds(200),
            lagGroup: String? = "identity-resolver", maxLag: Int64 = 20_000
        ) {
            self.chunkRows = chunkRows
            self.pollInterval = pollInterval
            self.lagGroup = lagGroup
            self.maxLag = maxLag
        }
    }

    /// Test hooks around the points where a crash matters.
    public struct Hooks: Sendable {
        /// Runs after a chunk's progress was recorded, with the job id and the last row done; an error it throws
        /// ends the runner as a crash would, leaving the job `importing`.
        public var afterChunk: (@Sendable (_ jobID: String, _ rowsDone: Int) throws -> Void)?

        /// Makes hooks.
        public init(afterChunk: (@Sendable (_ jobID: String, _ rowsDone: Int) throws -> Void)? = nil) {
            self.afterChunk = afterChunk
        }
    }

    private let worker: WorkerContext
    private let store: IngestStore
    private let uploads: UploadFolder
    private let settings: Settings
    private let hooks: Hooks
    private let stopping = Mutex(false)
    private let busyTenants = Mutex<Set<String>>([])
    private let crash = Mutex<(any Error)?>(nil)

    /// Makes the runner of a worker's jobs.
    public init(worker: WorkerContext, store: IngestStore, uploads: UploadFolder, settings: Settings, hooks: Hooks) {
        self.worker = worker
        self.store = store
        self.uploads = uploads
        self.settings = settings
        self.hooks = hooks
    }

    /// Claims and runs jobs until the worker stops; a job in hand stops after its chunk and resumes later.
    public func run() async throws {
        try store.failInterruptedPreviews(now: Timestamps.format(Date()))
        try await withTaskCancellationOrGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                while !stopping.withLock({ $0 }) {
                    if let error = crash.withLock({ $0 }) { throw error }
                    let busy = busyTenants.withLock { $0 }
                    guard let job = try store.claimNext(excluding: busy, now: Timestamps.format(Date())) else {
                        try? await Task.sleep(for: settings.pollInterval)
                        continue
                    }
                    busyTenants.withLock { _ = $0.insert(job.tenant) }
                    group.addTask { await self.execute(job) }
                }
            }
            if let error = crash.withLock({ $0 }) { throw error }
        } onCancelOrGracefulShutdown: {
            self.stopping.withLock { $0 = true }
        }
    }

    private func execute(_ job: ImportJob) async {
        defer { busyTenants.withLock { _ = $0.remove(job.tenant) } }
        worker.logger.info(
            "import running",
            metadata: ["import.id": "\(job.jobId)", "import.resumed_after": "\(job.rowsDone)"])
        let execution = ImportExecution(
            job: job, worker: worker, store: store, uploads: uploads, settings: settings, hooks: hooks,
            shouldStop: { self.stopping.withLock { $0 } })
        do {
            _ = try await BlockingThread.run(name: "import-\(job.jobId)") { try execution.run() }
        } catch {
            worker.logger.error("import runner stopped", metadata: ["import.id": "\(job.jobId)", "error": "\(error)"])
            crash.withLock { $0 = error }
            stopping.withLock { $0 = true }
        }
    }
}
