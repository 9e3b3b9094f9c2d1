import Foundation
import GRDB
import RosterModel
import RosterRuntime

/// The resolver's database: contacts, the identifier index, merge records and the metadata catalog.
public final class IdentityStore: Sendable {
    /// The pool the consume loop writes through and the API reads from.
    public let database: DatabasePool

    public init(database: DatabasePool) { self.database = database }

    /// The resolver's own tables, after the runtime's.
    public static func registerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("identity-v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE contacts (
                        tenant TEXT NOT NULL,
                        contact_id TEXT NOT NULL,
                        attributes TEXT NOT NULL DEFAULT '{}',
                        tags TEXT NOT NULL DEFAULT '[]',
                        subscriptions TEXT NOT NULL,
                        created_at TEXT NOT NULL,
                        updated_at TEXT NOT NULL,
                        last_event_id TEXT NOT NULL,
                        PRIMARY KEY (tenant, contact_id)
                    ) WITHOUT ROWID;
                    CREATE TABLE contact_identifiers (
                        tenant TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        value TEXT NOT NULL,
                        contact_id TEXT NOT NULL,
                        PRIMARY KEY (tenant, kind, value)
                    ) WITHOUT ROWID;
                    CREATE INDEX contact_identifiers_by_contact ON contact_identifiers (tenant, contact_id);
                    CREATE TABLE contact_merges (
                        tenant TEXT NOT NULL,
                        survivor_id TEXT NOT NULL,
                        merged_id TEXT NOT NULL,
                        joined_by_kind TEXT NOT NULL,
                        joined_by_value TEXT NOT NULL,
                        event_id TEXT NOT NULL,
                        merged_at TEXT NOT NULL
                    );
                    CREATE INDEX contact_merges_by_survivor ON contact_merges (tenant, survivor_id);
                    """)
        }
        MetadataCatalog.registerMigrations(&migrator)
        Timeline.registerMigrations(&migrator)
        migrator.registerMigration("identity-v2-guards-and-categories") { db in
            try db.execute(
                sql: """
                    ALTER TABLE contacts ADD COLUMN flags TEXT NOT NULL DEFAULT '[]';
                    ALTER TABLE contacts ADD COLUMN real_name INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE contacts ADD COLUMN wechat_fan INTEGER NOT NULL DEFAULT 0;
                    CREATE INDEX contacts_by_category ON contacts (tenant, real_name, wechat_fan);
                    CREATE TABLE identity_blocklist (
                        tenant TEXT NOT NULL,
                        value TEXT NOT NULL,
                        blocked INTEGER NOT NULL,
                        PRIMARY KEY (tenant, value)
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("identity-v3-backfill-categories") { db in
            // Contacts stored before the category columns existed get them from their identifiers.
            try db.execute(
                sql: """
                    UPDATE contacts SET
                        real_name = EXISTS (SELECT 1 FROM contact_identifiers i WHERE i.tenant = contacts.tenant
                            AND i.contact_id = contacts.contact_id AND i.kind IN ('mobile', 'email', 'member_id')),
                        wechat_fan = EXISTS (SELECT 1 FROM contact_identifiers i WHERE i.tenant = contacts.tenant
                            AND i.contact_id = contacts.contact_id AND i.kind = 'wechat_openid')
                    """)
        }
        ContactSearchIndex.registerMigrations(&migrator)
        migrator.registerMigration("identity-v5-hidden-tags") { db in
            try db.execute(sql: "ALTER TABLE contacts ADD COLUMN hidden_tags TEXT NOT NULL DEFAULT '[]'")
        }
    }

    /// One contact's current state, or `nil` when the tenant has no such contact.
    public func contact(tenant: String, id: String) throws -> ContactRecord? {
        try database.read { try ContactRecord.fetch($0, tenant: tenant, id: id) }
    }

    /// The contact an identifier value belongs to.
    public func contactID(tenant: String, kind: String, value: String) throws -> String? {
        try database.read { db in
            try String.fetchOne(
                db, sql: "SELECT contact_id FROM contact_identifiers WHERE tenant = ? AND kind = ? AND value = ?",
                arguments: [tenant, kind, value])
        }
    }

    /// The merges that folded other contacts into this one, oldest first.
    public func merges(tenant: String, survivor: String) throws -> [MergeRecord] {
        try database.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM contact_merges WHERE tenant = ? AND survivor_id = ? ORDER BY merged_at, rowid",
                arguments: [tenant, survivor]
            ).map {
                MergeRecord(
                    survivorId: $0["survivor_id"], mergedId: $0["merged_id"], joinedByKind: $0["joined_by_kind"],
                    joinedByValue: $0["joined_by_value"], eventId: $0["event_id"], mergedAt: $0["merged_at"])
            }
        }
    }

    /// Live counts per category.
    public func counts(tenant: String) throws -> CategoryCounts {
        try database.read { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) AS all_count, COALESCE(SUM(real_name), 0) AS real_name,
                        COALESCE(SUM(wechat_fan), 0) AS wechat_fans
                    FROM contacts WHERE tenant = ?
                    """, arguments: [tenant])!
            let all: Int = row["all_count"]
            let realName: Int = row["real_name"]
            return CategoryCounts(
                all: all, realName: realName, anonymous: all - realName, wechatFans: row["wechat_fans"])
        }
    }

    /// A page of the tenant's contacts matching every filter, oldest first, and how many match in all.
    public func search(
        tenant: String, filters: [ContactFilter], category: ContactCategory, limit: Int, offset: Int
    ) throws -> (total: Int, contacts: [ContactRecord]) {
        try database.read { db in
            var conditions = ["tenant = ?"]
            var arguments: StatementArguments = [tenant]
            if let column = category.column {
                conditions.append("\(column) = ?")
                arguments += [category != .anonymous]
            }
            for filter in filters {
                let (condition, values) = filter.sql(tenant: tenant)
                conditions.append(condition)
                arguments += StatementArguments(values)
            }
            let clause = conditions.joined(separator: " AND ")
            let count = "SELECT COUNT(*) FROM contacts WHERE \(clause)"
            let page = "FROM contacts WHERE \(clause) ORDER BY created_at, contact_id LIMIT ? OFFSET ?"
            let ids: [String]
            let total: Int
            if filters.contains(where: \.usesSearchIndex) {
                // A full-text match is the expensive part: run it once, counting the matches alongside the page,
                // rather than once for the count and again for the page.
                let rows = try Row.fetchAll(
                    db, sql: "SELECT contact_id, COUNT(*) OVER () AS total \(page)",
                    arguments: arguments + [limit, offset])
                ids = rows.map { $0["contact_id"] as String }
                total =
                    try rows.first.map { $0["total"] as Int }
                    ?? (offset == 0 ? 0 : Int.fetchOne(db, sql: count, arguments: arguments) ?? 0)
            } else {
                total = try Int.fetchOne(db, sql: count, arguments: arguments) ?? 0
                ids = try String.fetchAll(db, sql: "SELECT contact_id \(page)", arguments: arguments + [limit, offset])
            }
            return (total, try ids.compactMap { try ContactRecord.fetch(db, tenant: tenant, id: $0) })
        }
    }

    /// A page of a contact's timeline, newest first.
    func timeline(
        tenant: String, contactID: String, event: String?, limit: Int, offset: Int
    ) throws -> (total: Int, entries: [Timeline.Entry]) {
        try database.read {
            try Timeline.page($0, tenant: tenant, contactID: contactID, event: event, limit: limit, offset: offset)
        }
    }

    /// A contact's event counts per day and per hour of day over a date range.
    func calendar(tenant: String, contactID: String, from: String, to: String) throws -> (
        days: [String: Int], hours: [String: Int]
    ) {
        try database.read { try Timeline.calendar($0, tenant: tenant, contactID: contactID, from: from, to: to) }
    }

    /// The contact a merged-away contact became part of.
    public func mergedInto(tenant: String, id: String) throws -> String? {
        try database.read { db in
            try String.fetchOne(
                db, sql: "SELECT survivor_id FROM contact_merges WHERE tenant = ? AND merged_id = ?",
                arguments: [tenant, id])
        }
    }

    /// The tenant's attribute and event definitions, presets included.
    func catalog(tenant: String) throws -> TenantCatalog {
        try database.read { try TenantCatalog.load($0, tenant: tenant) }
    }
}

/// How many contacts fall in each category.
public struct CategoryCounts: Codable, Sendable, Equatable {
    public var all: Int
    public var realName: Int
    public var anonymous: Int
    public var wechatFans: Int
}

/// A merge: which contact was folded into which, and the identifier that joined them.
public struct MergeRecord: Codable, Sendable, Equatable {
    public var survivorId: String
    public var mergedId: String
    public var joinedByKind: String
    public var joinedByValue: String
    public var eventId: String
    public var mergedAt: String
}
