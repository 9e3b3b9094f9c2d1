import Foundation
import GRDB
import Logging
import RosterKafka
import RosterModel
import RosterRuntime
import ServiceLifecycle
import Synchronization

/// Runs import jobs: one at a time per tenant, oldest first, tenants side by side. Each job publishes one
/// `imported` social event per row (id `import:<job>:<row>`) in chunks, records progress after each chunk, stops
/// when cancelled, and resumes after a restart from its recorded progress (a re-sent chunk repeats ids, which the
/// consumer applies once).
public final class SocialImportRunner: Service, Sendable {
    /// How jobs run.
    public struct Settings: Sendable {
        /// Rows per chunk. Default 500.
        public var chunkRows: Int
        /// How often the runner looks for waiting jobs. Default 200 ms.
        public var pollInterval: Duration
        /// The most messages this worker's group may be behind on `cdp.social-events` before publishing pauses.
        /// Default 20,000 (inside the embedded broker's 5 MiB log).
        public var maxLag: Int64

        /// Settings; the defaults suit the embedded broker and a real cluster alike.
        public init(chunkRows: Int = 500, pollInterval: Duration = .milliseconds(200), maxLag: Int64 = 20_000) {
            self.chunkRows = chunkRows
            self.pollInterval = pollInterval
            self.maxLag = maxLag
        }
    }

    private let store: SocialStore
    private let publisher: SocialPublisher
    private let uploads: SocialUploads
    private let settings: Settings
    private let stopping = Mutex(false)
    private let busyTenants = Mutex<Set<String>>([])

    init(store: SocialStore, publisher: SocialPublisher, uploads: SocialUploads, settings: Settings) {
        self.store = store
        self.publisher = publisher
        self.uploads = uploads
        self.settings = settings
    }

    /// Claims and runs jobs until the worker stops; a job in hand stops after its chunk and resumes at the next start.
    public func run() async throws {
        try await withTaskCancellationOrGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                while !stopping.withLock({ $0 }) {
                    let busy = busyTenants.withLock { $0 }
                    guard
                        let job = try await store.database.write({
                            try ImportJobs.claimNext($0, excluding: busy, now: SocialHTTP.now)
                        })
                    else {
                        try? await Task.sleep(for: settings.pollInterval)
                        continue
                    }
                    busyTenants.withLock { _ = $0.insert(job.tenant) }
                    group.addTask {
                        defer { self.busyTenants.withLock { _ = $0.remove(job.tenant) } }
                        _ = try? await BlockingThread.run(name: "social-import-\(job.jobId)") { try self.execute(job) }
                    }
                }
            }
        } onCancelOrGracefulShutdown: {
            self.stopping.withLock { $0 = true }
        }
    }

    private var logger: Logger { publisher.worker.logger }

    private func execute(_ job: SocialImportJob) throws {
        do {
            let bytes = try uploads.read(job.jobId)
            let report = try store.database.read { db in
                try ImportValidation.validator(db, tenant: job.tenant, channel: try Channel.parse(job.channel))
                    .validate(try SocialCSV(bytes: bytes), db: nil)
            }
            let worker = publisher.worker
            let gate = LagGate(
                admin: worker.admin, group: worker.config.name, topic: worker.topicName(Topics.socialEvents),
                maxLag: settings.maxLag)
            var done = job.rowsDone
            let pending = report.rows.dropFirst(done)
            for chunk in stride(from: pending.startIndex, to: pending.endIndex, by: settings.chunkRows) {
                if stopping.withLock({ $0 }) { return }
                let current = try store.database.read { try ImportJobs.fetch($0, jobID: job.jobId) }
                guard current?.status == .importing else { return }
                try gate.waitForRoom()
                let rows = pending[chunk..<min(chunk + settings.chunkRows, pending.endIndex)]
                try publisher.publishBlocking(rows.map { $0.event(job: job) })
                done += rows.count
                try store.database.write {
                    try ImportJobs.progress($0, jobID: job.jobId, rowsDone: done, now: SocialHTTP.now)
                }
            }
            _ = try store.database.write {
                try ImportJobs.finish($0, jobID: job.jobId, status: .completed, now: SocialHTTP.now)
            }
            uploads.remove(job.jobId)
        } catch {
            logger.error("social import failed", metadata: ["import.id": "\(job.jobId)", "error": "\(error)"])
            _ = try store.database.write {
                try ImportJobs.finish(
                    $0, jobID: job.jobId, status: .failed, error: (error as? RosterError)?.message ?? "\(error)",
                    now: SocialHTTP.now)
            }
        }
    }
}

/// Building a validator with the tenant's settings and attribute definitions.
enum ImportValidation {
    static func validator(_ db: Database, tenant: String, channel: Channel) throws -> ImportValidator {
        let settings = try MetadataCatalog.settings(db, tenant: tenant)
        return ImportValidator(
            channel: channel, tenant: tenant,
            normalizer: IdentifierNormalizer(defaultCountry: settings.defaultCountry ?? "CN"),
            attributes: try MetadataCatalog.attributes(db, tenant: tenant))
    }
}
