import GRDB
import RosterKafka
import RosterModel
import RosterRuntime

/// The segmenter's copy of `cdp.activity`: behaviour events per contact, for behaviour conditions.
enum ActivityProjection {
    static func registerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("activity-projection-v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE contact_activity (
                        event_id TEXT PRIMARY KEY NOT NULL,
                        tenant TEXT NOT NULL,
                        contact_id TEXT NOT NULL,
                        event TEXT NOT NULL,
                        properties TEXT NOT NULL,
                        occurred_at TEXT NOT NULL
                    );
                    CREATE INDEX contact_activity_by_contact ON contact_activity (tenant, contact_id, event, occurred_at);
                    """)
        }
        // The column store reads a tenant's events of some names (`ProjectionScan.forEachEvent`): without this index
        // that was a scan of every event.
        migrator.registerMigration("activity-projection-v2-by-event") { db in
            try db.execute(sql: "CREATE INDEX contact_activity_by_event ON contact_activity (tenant, event)")
        }
    }

    /// Stores a behaviour event; returns `false` when it was stored before.
    static func store(_ record: ActivityRecord, in db: Database) throws -> Bool {
        try db.cachedStatement(
            sql: """
                INSERT OR IGNORE INTO contact_activity (event_id, tenant, contact_id, event, properties, occurred_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            record.id, record.tenant, record.contactId, record.event,
            String(decoding: try WireCodec.encode(record.properties), as: UTF8.self), record.occurredAt,
        ])
        return db.changesCount == 1
    }

    static func count(_ db: Database, tenant: String) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM contact_activity WHERE tenant = ?", arguments: [tenant]) ?? 0
    }
}
