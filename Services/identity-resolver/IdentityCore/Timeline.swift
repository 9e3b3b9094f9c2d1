import Foundation
import GRDB
import RosterModel
import RosterRuntime

/// A contact's timeline: every behaviour event and, in normal mode, its attribute, tag and subscription changes.
enum Timeline {
    static func registerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("timeline-v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE timeline (
                        entry_id TEXT PRIMARY KEY NOT NULL,
                        tenant TEXT NOT NULL,
                        contact_id TEXT NOT NULL,
                        event TEXT NOT NULL,
                        properties TEXT NOT NULL,
                        occurred_at TEXT NOT NULL,
                        source TEXT
                    ) WITHOUT ROWID;
                    CREATE INDEX timeline_by_contact ON timeline (tenant, contact_id, occurred_at);
                    """)
        }
    }

    /// One entry as the API shows it.
    struct Entry: Codable, Sendable, Equatable {
        var entryId: String
        var event: String
        var properties: [String: JSONValue]
        var occurredAt: String
        var source: String?
    }

    /// An insert of timeline rows: an entry stored already (its event applied again) is left as it is.
    static func insertion() -> MultiRowInsert {
        MultiRowInsert(
            "INSERT OR IGNORE INTO timeline (entry_id, tenant, contact_id, event, properties, occurred_at, source)",
            columns: 7)
    }

    /// Adds an entry's row to an `insertion()`.
    static func append(_ entry: Entry, tenant: String, contactID: String, to insert: inout MultiRowInsert) throws {
        insert.append([
            entry.entryId, tenant, contactID, entry.event,
            String(decoding: try WireCodec.encode(entry.properties), as: UTF8.self),
            Timestamps.canonical(entry.occurredAt) ?? entry.occurredAt, entry.source,
        ])
    }

    /// Moves a merged-away contact's entries to the survivor.
    static func move(_ db: Database, tenant: String, from merged: String, to survivor: String) throws {
        try db.cachedStatement(sql: "UPDATE timeline SET contact_id = ? WHERE tenant = ? AND contact_id = ?")
            .execute(arguments: [survivor, tenant, merged])
    }

    static func delete(_ db: Database, tenant: String, contactID: String) throws {
        try db.execute(sql: "DELETE FROM timeline WHERE tenant = ? AND contact_id = ?", arguments: [tenant, contactID])
    }

    /// A page of entries, newest first, optionally of one event type.
    static func page(
        _ db: Database, tenant: String, contactID: String, event: String?, limit: Int, offset: Int
    ) throws -> (total: Int, entries: [Entry]) {
        let filter = event == nil ? "" : " AND event = ?"
        var arguments: StatementArguments = [tenant, contactID]
        if let event { arguments += [event] }
        let total =
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM timeline WHERE tenant = ? AND contact_id = ?\(filter)",
                arguments: arguments) ?? 0
        arguments += [limit, offset]
        let entries = try Row.fetchAll(
            db,
            sql: """
                SELECT * FROM timeline WHERE tenant = ? AND contact_id = ?\(filter)
                ORDER BY occurred_at DESC, entry_id DESC LIMIT ? OFFSET ?
                """, arguments: arguments
        ).map { row in
            Entry(
                entryId: row["entry_id"], event: row["event"],
                properties: try WireCodec.decode(
                    [String: JSONValue].self, from: Array((row["properties"] as String).utf8)),
                occurredAt: row["occurred_at"], source: row["source"])
        }
        return (total, entries)
    }

    /// Event counts per day (`YYYY-MM-DD`) and per hour of day (`00`…`23`, UTC) between two days, inclusive.
    static func calendar(
        _ db: Database, tenant: String, contactID: String, from: String, to: String
    ) throws -> (days: [String: Int], hours: [String: Int]) {
        let arguments: StatementArguments = [tenant, contactID, from, to + "T99"]
        func counts(_ expression: String) throws -> [String: Int] {
            var result: [String: Int] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT \(expression) AS bucket, COUNT(*) AS count FROM timeline
                    WHERE tenant = ? AND contact_id = ? AND occurred_at >= ? AND occurred_at < ? GROUP BY bucket
                    """, arguments: arguments)
            {
                result[row["bucket"]] = row["count"]
            }
            return result
        }
        return (try counts("substr(occurred_at, 1, 10)"), try counts("substr(occurred_at, 12, 2)"))
    }

    /// Entries as RFC 4180 CSV with a header row, newest first.
    static func csv(_ entries: [Entry]) throws -> String {
        func field(_ text: String) -> String {
            text.contains(where: { ",\"\n\r".contains($0) })
                ? "\"\(text.replacingOccurrences(of: "\"", with: "\"\""))\"" : text
        }
        var lines = ["entry_id,event,occurred_at,source,properties"]
        for entry in entries {
            let properties = String(decoding: try WireCodec.encode(entry.properties), as: UTF8.self)
            lines.append(
                [entry.entryId, entry.event, entry.occurredAt, entry.source ?? "", properties].map(field).joined(
                    separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}
