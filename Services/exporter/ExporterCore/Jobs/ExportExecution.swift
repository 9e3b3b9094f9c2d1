import Foundation
import GRDB
import Logging
import RosterModel
import RosterRuntime

/// Runs one claimed job on the calling (dedicated) thread: writes the file under a temporary name with progress
/// recorded as it goes, then renames it and completes the job together with its result message.
///
/// A job interrupted by a stop (or a crash) stays `running` and is written again from the top at the next start;
/// its result message is queued only with the completion, so it goes out once.
struct ExportExecution {
    /// How a run ended.
    enum Outcome: Equatable {
        /// Completed or failed.
        case settled
        /// The worker is stopping: the job stays `running` and restarts at the next start.
        case interrupted
    }

    /// A test hook's error, passed through as a crash instead of failing the job.
    struct HookFailure: Error {
        var underlying: any Error
    }

    let job: ExportJob
    let worker: WorkerContext
    let store: ExportStore
    let folder: ExportFolder
    let settings: ExporterSettings
    let hooks: ExportRunner.Hooks
    let shouldStop: @Sendable () -> Bool

    /// Runs the job until it is settled or the worker stops.
    func run() throws -> Outcome {
        do {
            return try export()
        } catch let failure as HookFailure {
            throw failure
        } catch {
            worker.logger.error("export failed", metadata: ["export.id": "\(job.exportId)", "error": "\(error)"])
            try store.fail(
                job, error: (error as? RosterError)?.message ?? "\(error)", now: Timestamps.format(Date()),
                topicPrefix: worker.config.topicPrefix)
            try worker.outboxRelay.drain()
            return .settled
        }
    }

    private func export() throws -> Outcome {
        let file = ExportFile(
            tenant: job.tenant, scope: job.scope, target: job.target, format: job.format, attributes: job.attributes)
        let partial = try folder.partialFile(tenant: job.tenant, exportID: job.exportId, format: job.format)
        let summary = try file.write(
            databasePath: worker.config.databasePath, to: partial, progressRows: settings.progressRows,
            total: { try store.recordTotal(job, total: $0) },
            progress: { rows in
                try store.recordProgress(job, rowsWritten: rows)
                do {
                    try hooks.afterProgress?(job.exportId, rows)
                } catch {
                    throw HookFailure(underlying: error)
                }
                return !shouldStop()
            })
        guard let summary else { return .interrupted }
        let final = folder.file(tenant: job.tenant, exportID: job.exportId, format: job.format)
        try? FileManager.default.removeItem(atPath: final)
        try FileManager.default.moveItem(atPath: partial, toPath: final)
        let result = ExportResult(
            id: job.exportId, tenant: job.tenant, status: ExportJob.Status.completed.rawValue, rows: summary.rows,
            bytes: summary.bytes, sha256: summary.sha256,
            downloadPath: ExportFolder.downloadPath(exportID: job.exportId), notifyEmail: job.notifyEmail)
        let now = Date()
        try store.complete(
            job, result: result, finishedAt: Timestamps.format(now),
            expiresAt: Timestamps.format(now.addingTimeInterval(settings.retention.seconds)),
            topicPrefix: worker.config.topicPrefix)
        try worker.outboxRelay.drain()
        worker.logger.info(
            "export completed",
            metadata: [
                "export.id": "\(job.exportId)", "export.rows": "\(summary.rows)", "export.bytes": "\(summary.bytes)",
            ])
        return .settled
    }
}

extension Duration {
    /// The duration in seconds, fractions included.
    var seconds: TimeInterval {
        let parts = components
        return TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) / 1e18
    }
}
