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
            let all =
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM contacts WHERE tenant = ?", arguments: [tenant]) ?? 0
            let realName =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT COUNT(DISTINCT contact_id) FROM contact_identifiers
                        WHERE tenant = ? AND kind IN ('mobile', 'email', 'member_id')
                        """, arguments: [tenant]) ?? 0
            let fans =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT COUNT(DISTINCT contact_id) FROM contact_identifiers
                        WHERE tenant = ? AND kind = 'wechat_openid'
                        """, arguments: [tenant]) ?? 0
            return CategoryCounts(all: all, realName: realName, anonymous: all - realName, wechatFans: fans)
        }
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
