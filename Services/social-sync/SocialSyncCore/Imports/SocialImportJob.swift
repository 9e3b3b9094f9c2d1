import Foundation
import GRDB
import RosterModel

/// An import job: a validated file of one channel's user ids, imported asynchronously and queued per tenant.
public struct SocialImportJob: Codable, Sendable, Equatable {
    /// `waiting` → `importing` → `completed`, `failed` or `cancelled`.
    public enum Status: String, Codable, Sendable {
        case waiting, importing, completed, failed, cancelled
    }

    public var jobId: String
    public var tenant: String
    public var channel: String
    public var fileName: String
    public var overwriteTags: Bool
    public var status: Status
    /// Rows in the file (header excluded).
    public var total: Int
    /// Rows published so far.
    public var rowsDone: Int
    public var warnings: [ErrorDetail]
    public var error: String?
    public var createdAt: String
    public var updatedAt: String
}

/// The `social_import_jobs` table.
enum ImportJobs {
    static func insert(_ db: Database, _ job: SocialImportJob) throws {
        try db.execute(
            sql: """
                INSERT INTO social_import_jobs (job_id, tenant, channel, file_name, overwrite_tags, status, total,
                    rows_done, warnings, error, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                job.jobId, job.tenant, job.channel, job.fileName, job.overwriteTags, job.status.rawValue, job.total,
                job.rowsDone, String(decoding: try WireCodec.encode(job.warnings), as: UTF8.self), job.error,
                job.createdAt, job.updatedAt,
            ])
    }

    static func fetch(_ db: Database, jobID: String) throws -> SocialImportJob? {
        try Row.fetchOne(db, sql: "SELECT * FROM social_import_jobs WHERE job_id = ?", arguments: [jobID]).map(job)
    }

    static func list(_ db: Database, tenant: String) throws -> [SocialImportJob] {
        try Row.fetchAll(
            db, sql: "SELECT * FROM social_import_jobs WHERE tenant = ? ORDER BY created_at DESC, job_id",
            arguments: [tenant]
        ).map(job)
    }

    /// The next job to run: one already importing (resumed after a restart) first, then the oldest waiting one, of a
    /// tenant not in `busy`; it is marked `importing`.
    static func claimNext(_ db: Database, excluding busy: Set<String>, now: String) throws -> SocialImportJob? {
        let candidates = try Row.fetchAll(
            db,
            sql: """
                SELECT * FROM social_import_jobs WHERE status IN ('importing', 'waiting')
                ORDER BY status = 'waiting', created_at, job_id
                """
        ).map(job)
        guard var next = candidates.first(where: { !busy.contains($0.tenant) }) else { return nil }
        // A tenant's older waiting job goes before a newer one even when another tenant's is older.
        if next.status == .waiting,
            let older = candidates.first(where: { $0.tenant == next.tenant && $0.status == .importing })
        {
            next = older
        }
        next.status = .importing
        try db.execute(
            sql: "UPDATE social_import_jobs SET status = 'importing', updated_at = ? WHERE job_id = ?",
            arguments: [now, next.jobId])
        return next
    }

    static func progress(_ db: Database, jobID: String, rowsDone: Int, now: String) throws {
        try db.execute(
            sql: "UPDATE social_import_jobs SET rows_done = ?, updated_at = ? WHERE job_id = ?",
            arguments: [rowsDone, now, jobID])
    }

    /// Settles a job that is not settled yet; returns whether it changed.
    @discardableResult
    static func finish(
        _ db: Database, jobID: String, status: SocialImportJob.Status, error: String? = nil, now: String
    ) throws -> Bool {
        try db.execute(
            sql: """
                UPDATE social_import_jobs SET status = ?, error = ?, updated_at = ?
                WHERE job_id = ? AND status IN ('waiting', 'importing')
                """, arguments: [status.rawValue, error, now, jobID])
        return db.changesCount == 1
    }

    private static func job(_ row: Row) throws -> SocialImportJob {
        let warnings: String = row["warnings"]
        return SocialImportJob(
            jobId: row["job_id"], tenant: row["tenant"], channel: row["channel"], fileName: row["file_name"],
            overwriteTags: row["overwrite_tags"], status: SocialImportJob.Status(rawValue: row["status"]) ?? .failed,
            total: row["total"], rowsDone: row["rows_done"],
            warnings: try WireCodec.decode([ErrorDetail].self, from: Array(warnings.utf8)), error: row["error"],
            createdAt: row["created_at"], updatedAt: row["updated_at"])
    }
}

/// Where uploaded import files are kept until their job is settled: `<data dir>/social-imports/<job id>.csv`.
public struct SocialUploads: Sendable {
    let folder: String

    init(dataDirectory: String) throws {
        folder = (dataDirectory as NSString).appendingPathComponent("social-imports")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    func path(of jobID: String) -> String { (folder as NSString).appendingPathComponent("\(jobID).csv") }

    func save(_ bytes: [UInt8], jobID: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path(of: jobID)), options: .atomic)
    }

    func read(_ jobID: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path(of: jobID))))
    }

    func remove(_ jobID: String) { try? FileManager.default.removeItem(atPath: path(of: jobID)) }
}
