import GRDB
import Hummingbird

/// The `channel_contacts` table: one row per user id per channel.
enum ChannelContactStore {
    static func registerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("channel-contacts-v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE channel_contacts (
                        tenant TEXT NOT NULL,
                        channel TEXT NOT NULL,
                        channel_user_id TEXT NOT NULL,
                        subscribed INTEGER NOT NULL,
                        subscribed_at TEXT,
                        customer_last_interaction_at TEXT,
                        attributes TEXT NOT NULL DEFAULT '{}',
                        updated_at TEXT NOT NULL,
                        PRIMARY KEY (tenant, channel, channel_user_id)
                    ) WITHOUT ROWID;
                    """)
        }
    }

    /// Effective (subscribed) and total channel contacts.
    struct Counts: ResponseEncodable {
        var channel: String
        var effective: Int
        var total: Int
    }

    static func counts(_ db: Database, tenant: String, channel: String) throws -> Counts {
        let row = try Row.fetchOne(
            db,
            sql: """
                SELECT COUNT(*) AS total, COALESCE(SUM(subscribed), 0) AS effective FROM channel_contacts
                WHERE tenant = ? AND channel = ?
                """, arguments: [tenant, channel])
        return Counts(channel: channel, effective: row?["effective"] ?? 0, total: row?["total"] ?? 0)
    }
}
