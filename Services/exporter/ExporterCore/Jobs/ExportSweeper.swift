import Foundation
import Logging
import RosterModel
import RosterRuntime
import ServiceLifecycle

/// Removes finished files once their retention ends and marks their jobs `expired`.
public struct ExportSweeper: Service {
    let worker: WorkerContext
    let store: ExportStore
    let folder: ExportFolder
    let settings: ExporterSettings

    /// Makes the sweeper of a worker's files.
    public init(worker: WorkerContext, store: ExportStore, folder: ExportFolder, settings: ExporterSettings) {
        self.worker = worker
        self.store = store
        self.folder = folder
        self.settings = settings
    }

    /// Sweeps every `sweepInterval` until the worker stops.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try sweep(now: Date())
                } catch {
                    worker.logger.warning("sweeping export files failed", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: settings.sweepInterval)
            }
        }
    }

    /// Removes the files whose retention ended by `now`; returns the jobs it expired.
    @discardableResult
    public func sweep(now: Date) throws -> [ExportJob] {
        let due = try store.dueForExpiry(now: Timestamps.format(now))
        for job in due {
            let path = folder.file(tenant: job.tenant, exportID: job.exportId, format: job.format)
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try store.expire(job)
            worker.logger.info("export file removed after its retention", metadata: ["export.id": "\(job.exportId)"])
        }
        return due
    }
}
