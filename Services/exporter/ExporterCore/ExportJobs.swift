import GRDB
import Hummingbird
import RosterKafka
import RosterModel
import RosterRuntime

/// Export jobs: recorded from `cdp.exports.requests`, listed per tenant.
enum ExportJobs {
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
    }

    /// One job as the API lists it.
    struct Job: Codable, Sendable {
        var exportId: String
        var scope: String
        var target: String
        var format: String
        var status: String
        var requestedBy: String
        var requestedAt: String
    }

    struct List: ResponseEncodable {
        var exports: [Job]
    }

    static func list(_ db: Database, tenant: String) throws -> [Job] {
        try Row.fetchAll(
            db, sql: "SELECT * FROM export_jobs WHERE tenant = ? ORDER BY requested_at DESC", arguments: [tenant]
        ).map {
            Job(
                exportId: $0["export_id"], scope: $0["scope"], target: $0["target"], format: $0["format"],
                status: $0["status"], requestedBy: $0["requested_by"], requestedAt: $0["requested_at"])
        }
    }

    /// Records each request as a queued job.
    struct RequestApplier: MessageApplier {
        func apply(_ message: ConsumedMessage, context: ApplyContext) throws {
            guard let value = message.value else { return }
            let request = try Topics.exportRequests.decode(value)
            guard ["segment", "category", "search"].contains(request.scope) else {
                throw RosterError.invalid("scope \(request.scope) is not segment, category or search")
            }
            guard ["csv", "xlsx"].contains(request.format) else {
                throw RosterError.invalid("format \(request.format) is not csv or xlsx")
            }
            guard try context.firstTime(request.id) else { return }
            try context.db.execute(
                sql: """
                    INSERT INTO export_jobs (tenant, export_id, scope, target, format, status, requested_by, requested_at)
                    VALUES (?, ?, ?, ?, ?, 'queued', ?, ?)
                    """,
                arguments: [
                    request.tenant, request.id, request.scope, request.target, request.format, request.requestedBy,
                    request.requestedAt,
                ])
        }
    }
}
