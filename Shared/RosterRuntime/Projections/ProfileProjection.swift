import GRDB
import RosterKafka
import RosterModel

/// A local copy of `cdp.profiles` for workers that read contacts (segmenter, exporter): the latest
/// snapshot per contact with the partition it came from, removed by a tombstone.
public struct ProfileProjection: MessageApplier {
    public init() {}

    /// The `projected_profiles` table; a worker that keeps the projection registers it with its own migrations.
    public static func registerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("profile-projection-v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE projected_profiles (
                        tenant TEXT NOT NULL,
                        contact_id TEXT NOT NULL,
                        snapshot TEXT NOT NULL,
                        updated_at TEXT NOT NULL,
                        PRIMARY KEY (tenant, contact_id)
                    ) WITHOUT ROWID;
                    """)
        }
        // -1 until the contact's next snapshot says where it lives.
        migrator.registerMigration("profile-projection-v2") { db in
            try db.execute(sql: "ALTER TABLE projected_profiles ADD COLUMN partition INTEGER NOT NULL DEFAULT -1")
        }
    }

    public func apply(_ message: ConsumedMessage, context: ApplyContext) throws {
        guard let key = message.keyString, let slash = key.firstIndex(of: "/") else {
            throw RosterError.invalid("a profile key must be tenant/contact_id, not \(message.keyString ?? "none")")
        }
        let tenant = String(key[..<slash])
        let contactID = String(key[key.index(after: slash)...])
        guard let value = message.value else {
            try context.db.execute(
                sql: "DELETE FROM projected_profiles WHERE tenant = ? AND contact_id = ?",
                arguments: [tenant, contactID])
            return
        }
        let snapshot = try Topics.profiles.decode(value)
        try context.db.execute(
            sql: """
                INSERT INTO projected_profiles (tenant, contact_id, snapshot, updated_at, partition)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (tenant, contact_id) DO UPDATE SET snapshot = excluded.snapshot,
                    updated_at = excluded.updated_at, partition = excluded.partition
                WHERE excluded.updated_at >= projected_profiles.updated_at
                """,
            arguments: [
                tenant, contactID, String(decoding: value, as: UTF8.self), snapshot.updatedAt, message.partition,
            ])
    }

    /// How many contacts of the tenant the projection holds.
    public static func count(_ db: Database, tenant: String) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM projected_profiles WHERE tenant = ?", arguments: [tenant]) ?? 0
    }
}
