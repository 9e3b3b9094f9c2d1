import Foundation
import GRDB
import RosterKafka
import RosterModel
import RosterRuntime

/// The exporter's export jobs: recorded from `cdp.exports.requests`, claimed and advanced by the runner, listed per
/// tenant. One transaction per write method.
public final class ExportStore: Sendable {
    /// The worker's database.
    public let database: DatabasePool

    /// Wraps the worker's database (migrated with `registerMigrations`).
    public init(database: DatabasePool) {
        self.database = database
    }

    /// The `export_jobs` table.
    static func registerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("export-jobs-v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE export_jobs (
                        tenant TEXT NOT NULL,
                        export_id TEXT NOT NULL,
                        scope TEXT NOT NULL,
                        target TEXT NOT NULL,
                        format TEXT NOT NULL,
                        status TEXT NOT NULL,
                        requested_by TEXT NOT NULL,
                        requested_at TEXT NOT NULL,
                        PRIMARY KEY (tenant, export_id)
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("export-jobs-v2-progress") { db in
            try db.execute(
                sql: """
                    ALTER TABLE export_jobs ADD COLUMN attributes TEXT;
                    ALTER TABLE export_jobs ADD COLUMN notify_email TEXT;
                    ALTER TABLE export_jobs ADD COLUMN rows_written INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE export_jobs ADD COLUMN total INTEGER;
                    ALTER TABLE export_jobs ADD COLUMN bytes INTEGER;
                    ALTER TABLE export_jobs ADD COLUMN sha256 TEXT;
                    ALTER TABLE export_jobs ADD COLUMN error TEXT;
                    ALTER TABLE export_jobs ADD COLUMN started_at TEXT;
                    ALTER TABLE export_jobs ADD COLUMN finished_at TEXT;
                    ALTER TABLE export_jobs ADD COLUMN expires_at TEXT;
                    ALTER TABLE export_jobs ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
                    CREATE INDEX export_jobs_by_status ON export_jobs (status, seq);
                    """)
        }
    }

    // MARK: - Writes

    /// Records a request as a queued job, in the consumer's transaction; a repeated request changes nothing.
    static func record(_ request: ExportRequest, in db: Database) throws {
        let attributes = try request.attributes.map { String(decoding: try WireCodec.encode($0), as: UTF8.self) }
        try db.execute(
            sql: """
                INSERT INTO export_jobs (tenant, export_id, scope, target, format, status, requested_by, requested_at,
                    attributes, notify_email, seq)
                VALUES (?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM export_jobs))
                ON CONFLICT (tenant, export_id) DO NOTHING
                """,
            arguments: [
                request.tenant, request.id, request.scope, request.target, request.format, request.requestedBy,
                request.requestedAt, attributes, request.notifyEmail,
            ])
    }

    /// Claims the next job: one left `running` by a stopped worker first (it restarts from the top), else the oldest
    /// queued one. Marks it running from `now`.
    func claimNext(now: String) throws -> ExportJob? {
        try database.write { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT * FROM export_jobs WHERE status IN ('running', 'queued')
                        ORDER BY status = 'running' DESC, seq LIMIT 1
                        """)
            else { return nil }
            var job = try Self.job(from: row)
            job.status = .running
            job.rowsWritten = 0
            job.startedAt = now
            try db.execute(
                sql: """
                    UPDATE export_jobs SET status = 'running', rows_written = 0, total = NULL, started_at = ?
                    WHERE tenant = ? AND export_id = ?
                    """,
                arguments: [now, job.tenant, job.exportId])
            return job
        }
    }

    /// Records how many rows the file will hold.
    func recordTotal(_ job: ExportJob, total: Int) throws {
        try database.write { db in
            try db.execute(
                sql: "UPDATE export_jobs SET total = ? WHERE tenant = ? AND export_id = ?",
                arguments: [total, job.tenant, job.exportId])
        }
    }

    /// Records how many rows are written.
    func recordProgress(_ job: ExportJob, rowsWritten: Int) throws {
        try database.write { db in
            try db.execute(
                sql: "UPDATE export_jobs SET rows_written = ? WHERE tenant = ? AND export_id = ?",
                arguments: [rowsWritten, job.tenant, job.exportId])
        }
    }

    /// Completes a job and queues its result message in the same transaction, so that the message goes out once
    /// the job is recorded complete, and a job recorded complete never runs (or announces itself) again.
    func complete(_ job: ExportJob, result: ExportResult, finishedAt: String, expiresAt: String, topicPrefix: String)
        throws
    {
        try database.write { db in
            try db.execute(
                sql: """
                    UPDATE export_jobs SET status = 'completed', rows_written = ?, total = ?, bytes = ?, sha256 = ?,
                        finished_at = ?, expires_at = ?, error = NULL
                    WHERE tenant = ? AND export_id = ? AND status = 'running'
                    """,
                arguments: [
                    result.rows, result.rows, result.bytes, result.sha256, finishedAt, expiresAt, job.tenant,
                    job.exportId,
                ])
            guard db.changesCount == 1 else { return }
            try Outbox.enqueue(
                db,
                OutgoingMessage(
                    topic: Topics.exportResults.name(prefix: topicPrefix), key: "\(job.tenant)/\(job.exportId)",
                    value: try Topics.exportResults.encode(result)))
        }
    }

    /// Marks a running job failed with the reason and queues its failed result message, together, so the message
    /// goes out once.
    func fail(_ job: ExportJob, error: String, now: String, topicPrefix: String) throws {
        try database.write { db in
            try db.execute(
                sql: """
                    UPDATE export_jobs SET status = 'failed', error = ?, finished_at = ?
                    WHERE tenant = ? AND export_id = ? AND status = 'running'
                    """,
                arguments: [error, now, job.tenant, job.exportId])
            guard db.changesCount == 1 else { return }
            let result = ExportResult.failed(
                id: job.exportId, tenant: job.tenant, notifyEmail: job.notifyEmail, error: error)
            try Outbox.enqueue(
                db,
                OutgoingMessage(
                    topic: Topics.exportResults.name(prefix: topicPrefix), key: "\(job.tenant)/\(job.exportId)",
                    value: try Topics.exportResults.encode(result)))
        }
    }

    /// Completed jobs whose retention ended by `now`.
    func dueForExpiry(now: String) throws -> [ExportJob] {
        try database.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM export_jobs WHERE status = 'completed' AND expires_at <= ? ORDER BY expires_at",
                arguments: [now]
            ).map(Self.job(from:))
        }
    }

    /// Marks a completed job expired (its file removed).
    func expire(_ job: ExportJob) throws {
        try database.write { db in
            try db.execute(
                sql:
                    "UPDATE export_jobs SET status = 'expired' WHERE tenant = ? AND export_id = ? AND status = 'completed'",
                arguments: [job.tenant, job.exportId])
        }
    }

    // MARK: - Reads

    /// The tenant's jobs, newest first.
    public func jobs(tenant: String) throws -> [ExportJob] {
        try database.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM export_jobs WHERE tenant = ? ORDER BY requested_at DESC, seq DESC",
                arguments: [tenant]
            ).map(Self.job(from:))
        }
    }

    /// One job of the tenant; 404 when the tenant has no job of that id (another tenant's jobs do not exist for it).
    public func job(exportID: String, tenant: String) throws -> ExportJob {
        guard let job = try findJob(exportID: exportID, tenant: tenant) else {
            throw RosterError.notFound("export \(exportID) does not exist")
        }
        return job
    }

    /// One job of the tenant, if there is one.
    public func findJob(exportID: String, tenant: String) throws -> ExportJob? {
        try database.read { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM export_jobs WHERE tenant = ? AND export_id = ?", arguments: [tenant, exportID]
            ).map(Self.job(from:))
        }
    }

    private static func job(from row: Row) throws -> ExportJob {
        let status: String = row["status"]
        let attributes: String? = row["attributes"]
        let exportID: String = row["export_id"]
        let completed = status == ExportJob.Status.completed.rawValue
        return ExportJob(
            exportId: exportID, tenant: row["tenant"], scope: row["scope"], target: row["target"],
            format: row["format"],
            attributes: try attributes.map { try WireCodec.decode([String].self, from: Array($0.utf8)) },
            notifyEmail: row["notify_email"], status: ExportJob.Status(rawValue: status) ?? .failed,
            rowsWritten: row["rows_written"], total: row["total"], bytes: row["bytes"], sha256: row["sha256"],
            downloadPath: completed ? ExportFolder.downloadPath(exportID: exportID) : nil, error: row["error"],
            requestedBy: row["requested_by"], requestedAt: row["requested_at"], startedAt: row["started_at"],
            finishedAt: row["finished_at"], expiresAt: row["expires_at"])
    }
}
