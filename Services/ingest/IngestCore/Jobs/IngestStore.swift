import Foundation
import GRDB
import RosterModel
import RosterRuntime

/// The ingest worker's own tables: import jobs and their rows' problems. One transaction per write method.
public final class IngestStore: Sendable {
    /// The worker's database.
    public let database: DatabasePool

    /// Wraps the worker's database (migrated with `registerMigrations`).
    public init(database: DatabasePool) {
        self.database = database
    }

    /// The `import_jobs` and `import_errors` tables.
    public static func registerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("ingest-imports-v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE import_jobs (
                        job_id TEXT PRIMARY KEY NOT NULL,
                        tenant TEXT NOT NULL,
                        purpose TEXT NOT NULL,
                        mode TEXT NOT NULL DEFAULT 'normal',
                        tags TEXT NOT NULL DEFAULT '[]',
                        file_name TEXT NOT NULL,
                        format TEXT NOT NULL,
                        file_size INTEGER NOT NULL,
                        encoding TEXT,
                        status TEXT NOT NULL,
                        total INTEGER NOT NULL DEFAULT 0,
                        duplicate INTEGER NOT NULL DEFAULT 0,
                        invalid INTEGER NOT NULL DEFAULT 0,
                        importable INTEGER NOT NULL DEFAULT 0,
                        rows_done INTEGER NOT NULL DEFAULT 0,
                        published INTEGER NOT NULL DEFAULT 0,
                        error TEXT,
                        preview TEXT NOT NULL DEFAULT '{}',
                        created_by TEXT NOT NULL,
                        created_at TEXT NOT NULL,
                        started_by TEXT,
                        queued_at TEXT,
                        started_at TEXT,
                        finished_at TEXT
                    );
                    CREATE INDEX import_jobs_by_tenant ON import_jobs (tenant, created_at);
                    CREATE INDEX import_jobs_by_status ON import_jobs (status, queued_at);
                    CREATE TABLE import_errors (
                        job_id TEXT NOT NULL,
                        row INTEGER NOT NULL,
                        seq INTEGER NOT NULL,
                        field TEXT,
                        value TEXT,
                        reason TEXT NOT NULL,
                        PRIMARY KEY (job_id, row, seq)
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("ingest-imports-v2-hidden-tags") { db in
            try db.execute(sql: "ALTER TABLE import_jobs ADD COLUMN hidden_tags TEXT NOT NULL DEFAULT '[]'")
        }
    }

    // MARK: - Writes

    /// Records a new upload, in state `scanning`.
    public func createJob(_ job: ImportJob) throws {
        try database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO import_jobs (job_id, tenant, purpose, mode, tags, file_name, format, file_size, encoding,
                        status, created_by, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    job.jobId, job.tenant, job.purpose.rawValue, job.mode.rawValue, try Self.json(job.tags),
                    job.fileName,
                    job.format.rawValue, job.fileSize, job.encoding?.rawValue, job.status.rawValue, job.createdBy,
                    job.createdAt,
                ])
        }
    }

    /// Moves a previewed or rejected job back to `scanning` for another preview, forgetting its old problems.
    public func beginPreview(jobID: String, tenant: String) throws -> ImportJob {
        try database.write { db in
            let job = try Self.require(db, jobID: jobID, tenant: tenant)
            guard job.status.canPreview else {
                throw ImportError.conflict(
                    "import \(jobID) is \(job.status.rawValue); only a job not yet started can be previewed again")
            }
            try db.execute(sql: "DELETE FROM import_errors WHERE job_id = ?", arguments: [jobID])
            try db.execute(sql: "UPDATE import_jobs SET status = 'scanning' WHERE job_id = ?", arguments: [jobID])
            return job
        }
    }

    /// Adds row problems (idempotent: a row's problems replace what was stored for it).
    public func recordErrors(jobID: String, _ problems: [RosterError.Detail]) throws {
        guard !problems.isEmpty else { return }
        try database.write { db in try Self.insertErrors(db, jobID: jobID, problems) }
    }

    /// Ends a preview: the counts, the encoding read, the first rows, and `previewed` (or `rejected` with the
    /// reason when the header did not map).
    public func finishPreview(
        jobID: String, counts: ImportCounts, encoding: TextEncoding?, parts: PreviewParts, rejection: String?
    ) throws {
        try database.write { db in
            try db.execute(
                sql: """
                    UPDATE import_jobs SET status = ?, total = ?, duplicate = ?, invalid = ?, importable = ?,
                        encoding = ?, preview = ?, error = ?
                    WHERE job_id = ? AND status = 'scanning'
                    """,
                arguments: [
                    rejection == nil ? "previewed" : "rejected", counts.total, counts.duplicate, counts.invalid,
                    counts.importable, encoding?.rawValue, try Self.json(parts), rejection, jobID,
                ])
        }
    }

    /// Starts a previewed job: it waits in `queued` until the tenant's earlier jobs are done.
    public func queue(
        jobID: String, tenant: String, tags: [String], hiddenTags: [String] = [], mode: WriteMode, startedBy: String,
        now: String
    ) throws -> ImportJob {
        try database.write { db in
            let job = try Self.require(db, jobID: jobID, tenant: tenant)
            guard job.status == .previewed else {
                throw ImportError.conflict(
                    "import \(jobID) is \(job.status.rawValue); only a previewed job can be started"
                        + (job.status == .rejected ? " (fix the file's columns and upload it again)" : ""))
            }
            try db.execute(
                sql: """
                    UPDATE import_jobs SET status = 'queued', tags = ?, hidden_tags = ?, mode = ?, started_by = ?,
                        queued_at = ?
                    WHERE job_id = ?
                    """,
                arguments: [try Self.json(tags), try Self.json(hiddenTags), mode.rawValue, startedBy, now, jobID])
            return try Self.require(db, jobID: jobID, tenant: tenant)
        }
    }

    /// Cancels a job that has not finished; an importing job stops after the chunk in hand.
    public func cancel(jobID: String, tenant: String, now: String) throws -> ImportJob {
        try database.write { db in
            let job = try Self.require(db, jobID: jobID, tenant: tenant)
            guard job.status.isCancellable else {
                throw ImportError.conflict("import \(jobID) is already \(job.status.rawValue)")
            }
            try db.execute(
                sql: "UPDATE import_jobs SET status = 'cancelled', finished_at = ? WHERE job_id = ?",
                arguments: [now, jobID])
            return try Self.require(db, jobID: jobID, tenant: tenant)
        }
    }

    /// The next job to run, moved to `importing`: a job that was importing when the worker stopped (it resumes),
    /// else each tenant's oldest queued job, for tenants with no job running. Tenants in `busy` are skipped. Looks
    /// with a read first, so that polling an idle queue writes (and syncs) nothing.
    public func claimNext(excluding busy: Set<String>, now: String) throws -> ImportJob? {
        guard try database.read({ try Self.nextRunnable($0, excluding: busy) }) != nil else { return nil }
        return try database.write { db in
            guard let next = try Self.nextRunnable(db, excluding: busy) else { return nil }
            try db.execute(
                sql:
                    "UPDATE import_jobs SET status = 'importing', started_at = COALESCE(started_at, ?) WHERE job_id = ?",
                arguments: [now, next.jobId])
            return try Self.require(db, jobID: next.jobId, tenant: next.tenant)
        }
    }

    /// Records how far an importing job got, with the problems of the rows it passed; returns the job's status,
    /// which is no longer `importing` once it was cancelled.
    public func recordProgress(
        jobID: String, rowsDone: Int, published: Int, problems: [RosterError.Detail]
    ) throws -> ImportJob.Status {
        try database.write { db in
            try Self.insertErrors(db, jobID: jobID, problems)
            try db.execute(
                sql: "UPDATE import_jobs SET rows_done = ?, published = ? WHERE job_id = ? AND status = 'importing'",
                arguments: [rowsDone, published, jobID])
            let status = try String.fetchOne(
                db, sql: "SELECT status FROM import_jobs WHERE job_id = ?", arguments: [jobID])
            return status.flatMap(ImportJob.Status.init(rawValue:)) ?? .cancelled
        }
    }

    /// Forgets a job's row problems (an import begins afresh, or a fast import keeps no rows).
    public func clearErrors(jobID: String) throws {
        try database.write { db in
            try db.execute(sql: "DELETE FROM import_errors WHERE job_id = ?", arguments: [jobID])
        }
    }

    /// Ends an importing job as `completed` or `failed` with its final counts; a cancelled job stays cancelled.
    public func finishImport(
        jobID: String, status: ImportJob.Status, counts: ImportCounts, error: String?, now: String
    ) throws {
        try database.write { db in
            try db.execute(
                sql: """
                    UPDATE import_jobs SET status = ?, total = ?, duplicate = ?, invalid = ?, importable = ?,
                        rows_done = CASE WHEN ? = 'completed' THEN ? ELSE rows_done END, error = ?, finished_at = ?
                    WHERE job_id = ? AND status = 'importing'
                    """,
                arguments: [
                    status.rawValue, counts.total, counts.duplicate, counts.invalid, counts.importable, status.rawValue,
                    counts.total, error, now, jobID,
                ])
        }
    }

    /// Marks previews that a stopped worker left half made as failed; returns how many.
    @discardableResult
    public func failInterruptedPreviews(now: String) throws -> Int {
        try database.write { db in
            try db.execute(
                sql: """
                    UPDATE import_jobs SET status = 'failed', finished_at = ?,
                        error = 'the worker stopped while making the preview; upload the file again'
                    WHERE status = 'scanning'
                    """,
                arguments: [now])
            return db.changesCount
        }
    }

    // MARK: - Reads

    /// One job of the tenant; throws 404 for an unknown id or another tenant's job.
    public func job(jobID: String, tenant: String) throws -> ImportJob {
        try database.read { db in try Self.require(db, jobID: jobID, tenant: tenant) }
    }

    /// The stored preview parts of a job.
    public func previewParts(jobID: String) throws -> PreviewParts {
        try database.read { db in
            let text = try String.fetchOne(
                db, sql: "SELECT preview FROM import_jobs WHERE job_id = ?", arguments: [jobID])
            return try JSONDecoder().decode(PreviewParts.self, from: Data((text ?? "{}").utf8))
        }
    }

    /// The tenant's jobs, newest first.
    public func jobs(tenant: String) throws -> [ImportJob] {
        try database.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM import_jobs WHERE tenant = ? ORDER BY created_at DESC, rowid DESC",
                arguments: [tenant]
            ).map(Self.job)
        }
    }

    /// A job's row problems in row order: at most `limit`, after the problem at `after` (row, seq) when given.
    public func errors(
        jobID: String, after: (row: Int, seq: Int)? = nil, limit: Int
    ) throws -> [(seq: Int, detail: RosterError.Detail)] {
        try database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM import_errors WHERE job_id = ? AND (row, seq) > (?, ?) ORDER BY row, seq LIMIT ?
                    """,
                arguments: [jobID, after?.row ?? -1, after?.seq ?? -1, limit]
            ).map {
                (
                    $0["seq"],
                    RosterError.Detail(row: $0["row"], field: $0["field"], value: $0["value"], reason: $0["reason"])
                )
            }
        }
    }

    // MARK: - Helpers

    private static func require(_ db: Database, jobID: String, tenant: String) throws -> ImportJob {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT * FROM import_jobs WHERE job_id = ? AND tenant = ?", arguments: [jobID, tenant])
        else { throw ImportError.jobNotFound(jobID) }
        return try job(row)
    }

    private static func nextRunnable(_ db: Database, excluding busy: Set<String>) throws -> ImportJob? {
        let candidates = try Row.fetchAll(
            db,
            sql: """
                SELECT * FROM import_jobs WHERE status IN ('importing', 'queued')
                ORDER BY status = 'importing' DESC, queued_at, rowid
                """
        ).map(job)
        let running = Set(candidates.filter { $0.status == .importing }.map(\.tenant))
        return candidates.first { job in
            !busy.contains(job.tenant) && (job.status == .importing || !running.contains(job.tenant))
        }
    }

    private static func insertErrors(_ db: Database, jobID: String, _ problems: [RosterError.Detail]) throws {
        var seq: [Int: Int] = [:]
        let statement = try db.cachedStatement(
            sql:
                "INSERT OR REPLACE INTO import_errors (job_id, row, seq, field, value, reason) VALUES (?, ?, ?, ?, ?, ?)"
        )
        for problem in problems {
            let row = problem.row ?? 0
            let next = seq[row, default: 0]
            seq[row] = next + 1
            try statement.execute(arguments: [jobID, row, next, problem.field, problem.value, problem.reason])
        }
    }

    private static func job(_ row: Row) throws -> ImportJob {
        let tags: String = row["tags"]
        let hiddenTags: String = row["hidden_tags"]
        var job = ImportJob(
            jobId: row["job_id"], tenant: row["tenant"],
            purpose: ImportPurpose(rawValue: row["purpose"]) ?? .add, mode: WriteMode(rawValue: row["mode"]) ?? .normal,
            tags: try JSONDecoder().decode([String].self, from: Data(tags.utf8)), fileName: row["file_name"],
            format: FileFormat(rawValue: row["format"]) ?? .csv, fileSize: row["file_size"],
            encoding: (row["encoding"] as String?).flatMap(TextEncoding.init(rawValue:)),
            status: ImportJob.Status(rawValue: row["status"]) ?? .failed, total: row["total"],
            duplicate: row["duplicate"], invalid: row["invalid"], importable: row["importable"],
            rowsDone: row["rows_done"], published: row["published"], error: row["error"], createdBy: row["created_by"],
            createdAt: row["created_at"], startedBy: row["started_by"], queuedAt: row["queued_at"],
            startedAt: row["started_at"], finishedAt: row["finished_at"])
        job.hiddenTags = try JSONDecoder().decode([String].self, from: Data(hiddenTags.utf8))
        return job
    }

    private static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
