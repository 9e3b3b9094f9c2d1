import Foundation
import GRDB
import Logging
import RosterKafka
import RosterModel
import RosterRuntime

/// Runs one claimed job on the calling (dedicated) thread: streams the stored file, publishes one event per
/// importable row in chunks, and records progress and row problems after each chunk.
///
/// A resumed job reads the file again from the top (so that duplicates are found exactly as before) and publishes
/// only the rows after its recorded progress; rows published before a crash but not recorded go out again with
/// the same ids, which the resolver applies once.
struct ImportExecution {
    /// How a run ended.
    enum Outcome: Equatable {
        /// Completed, failed or cancelled: the job is settled.
        case settled
        /// The worker is stopping: the job stays `importing` and resumes at the next start.
        case interrupted
    }

    /// A test hook's error, passed through as a crash instead of failing the job.
    struct HookFailure: Error {
        var underlying: any Error
    }

    let job: ImportJob
    let worker: WorkerContext
    let store: IngestStore
    let uploads: UploadFolder
    let settings: ImportRunner.Settings
    let hooks: ImportRunner.Hooks
    let shouldStop: @Sendable () -> Bool

    /// Runs the job until it is settled or the worker stops.
    func run() throws -> Outcome {
        do {
            return try importRows()
        } catch let failure as HookFailure {
            throw failure
        } catch {
            worker.logger.error(
                "import failed", metadata: ["import.id": "\(job.jobId)", "error": "\(error)"])
            let message = (error as? RosterError)?.message ?? "\(error)"
            try store.finishImport(
                jobID: job.jobId, status: .failed, counts: job.counts, error: message, now: Timestamps.format(Date()))
            return .settled
        }
    }

    private func importRows() throws -> Outcome {
        let catalog = try worker.database.read { try ImportCatalog.load($0, tenant: job.tenant) }
        let scanner = ImportScanner(
            path: uploads.file(of: job.jobId), format: job.format, purpose: job.purpose, catalog: catalog)
        let resumeAfter = job.rowsDone
        if resumeAfter == 0 { try store.clearErrors(jobID: job.jobId) }
        let startedAt = job.startedAt ?? Timestamps.format(Date())
        let topic = worker.topicName(Topics.contactEvents)
        var chunk = Chunk(published: job.published)
        var counts = ImportCounts()
        var outcome: Outcome?
        try scanner.scan(encoding: job.encoding) { _, _ in
        } onRow: { _, verdict in
            counts.add(verdict.status)
            guard verdict.row > resumeAfter else { return true }
            if verdict.status == .importable {
                let event = ImportEvents.event(for: verdict, of: job, startedAt: startedAt)
                chunk.messages.append(
                    OutgoingMessage(topic: topic, key: job.tenant, value: try Topics.contactEvents.encode(event)))
            } else {
                chunk.problems += verdict.problems
            }
            chunk.lastRow = verdict.row
            chunk.rows += 1
            guard chunk.rows >= settings.chunkRows else { return true }
            outcome = try flush(&chunk)
            return outcome == nil
        }
        if let outcome { return outcome }
        if let stopped = try flush(&chunk) { return stopped }
        try store.finishImport(
            jobID: job.jobId, status: .completed, counts: counts, error: nil, now: Timestamps.format(Date()))
        if job.mode == .fast {
            try store.clearErrors(jobID: job.jobId)
            uploads.remove(jobID: job.jobId)
        }
        worker.logger.info(
            "import completed",
            metadata: [
                "import.id": "\(job.jobId)", "import.rows": "\(counts.total)", "import.events": "\(chunk.published)",
            ])
        return .settled
    }

    /// The rows read since the last recorded progress.
    private struct Chunk {
        var published: Int
        var messages: [OutgoingMessage] = []
        var problems: [RosterError.Detail] = []
        var rows = 0
        var lastRow = 0
    }

    /// Publishes the chunk, records progress, and says whether to stop (cancelled or shutting down).
    private func flush(_ chunk: inout Chunk) throws -> Outcome? {
        guard chunk.rows > 0 else { return nil }
        if !chunk.messages.isEmpty {
            if let stop = try waitForRoom() { return stop }
            try publish(chunk.messages)
        }
        chunk.published += chunk.messages.count
        let status = try store.recordProgress(
            jobID: job.jobId, rowsDone: chunk.lastRow, published: chunk.published, problems: chunk.problems)
        chunk.messages = []
        chunk.problems = []
        chunk.rows = 0
        do {
            try hooks.afterChunk?(job.jobId, chunk.lastRow)
        } catch {
            throw HookFailure(underlying: error)
        }
        if status != .importing { return .settled }
        return shouldStop() ? .interrupted : nil
    }

    /// Waits while the resolver is too far behind (the embedded broker evicts what it has not read); returns an
    /// outcome when the job is cancelled or the worker stops meanwhile.
    private func waitForRoom() throws -> Outcome? {
        guard
            let gate = settings.lagGroup.map({
                LagGate(
                    admin: worker.admin, group: $0, topic: worker.topicName(Topics.contactEvents),
                    maxLag: settings.maxLag)
            })
        else { return nil }
        while true {
            do {
                try gate.waitForRoom(timeout: .seconds(2))
                return nil
            } catch let error as KafkaError where error.isRetriable {
                if shouldStop() { return .interrupted }
                if try store.job(jobID: job.jobId, tenant: job.tenant).status != .importing { return .settled }
            }
        }
    }

    private func publish(_ messages: [OutgoingMessage]) throws {
        var attempt = 1
        while true {
            do {
                try worker.producer.sendAndWait(messages)
                worker.metrics.recordProduced(messages.count)
                return
            } catch let error as KafkaError where error.isRetriable && attempt < 3 {
                worker.logger.warning(
                    "import chunk not acknowledged, sending again",
                    metadata: ["import.id": "\(job.jobId)", "error": "\(error)"])
                attempt += 1
            }
        }
    }
}
