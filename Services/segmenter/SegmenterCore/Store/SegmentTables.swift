import GRDB

/// The segmenter's own tables: definitions and groups (from `cdp.segment-definitions`), memberships with their
/// transition counters, the changelog, member counts and daily counts.
enum SegmentTables {
    static func registerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("segments-v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE segments (
                        tenant TEXT NOT NULL,
                        segment_id TEXT NOT NULL,
                        name TEXT NOT NULL,
                        type TEXT NOT NULL,
                        definition TEXT NOT NULL,
                        version INTEGER NOT NULL,
                        group_id TEXT,
                        status TEXT NOT NULL,
                        status_reason TEXT,
                        created_by TEXT NOT NULL,
                        created_at TEXT NOT NULL,
                        updated_by TEXT NOT NULL,
                        updated_at TEXT NOT NULL,
                        computed_at TEXT,
                        last_event_id TEXT NOT NULL,
                        deleted INTEGER NOT NULL DEFAULT 0,
                        PRIMARY KEY (tenant, segment_id)
                    ) WITHOUT ROWID;
                    CREATE TABLE segment_groups (
                        tenant TEXT NOT NULL,
                        group_id TEXT NOT NULL,
                        name TEXT NOT NULL,
                        created_by TEXT NOT NULL,
                        created_at TEXT NOT NULL,
                        last_event_id TEXT NOT NULL,
                        deleted INTEGER NOT NULL DEFAULT 0,
                        PRIMARY KEY (tenant, group_id)
                    ) WITHOUT ROWID;
                    CREATE TABLE memberships (
                        tenant TEXT NOT NULL,
                        segment_id TEXT NOT NULL,
                        contact_id TEXT NOT NULL,
                        member INTEGER NOT NULL,
                        transitions INTEGER NOT NULL,
                        version INTEGER NOT NULL,
                        changed_at TEXT NOT NULL,
                        PRIMARY KEY (tenant, segment_id, contact_id)
                    ) WITHOUT ROWID;
                    CREATE INDEX memberships_by_contact ON memberships (tenant, contact_id);
                    CREATE TABLE segment_counts (
                        tenant TEXT NOT NULL,
                        segment_id TEXT NOT NULL,
                        members INTEGER NOT NULL,
                        PRIMARY KEY (tenant, segment_id)
                    ) WITHOUT ROWID;
                    CREATE TABLE segment_daily_counts (
                        tenant TEXT NOT NULL,
                        segment_id TEXT NOT NULL,
                        day TEXT NOT NULL,
                        members INTEGER NOT NULL,
                        PRIMARY KEY (tenant, segment_id, day)
                    ) WITHOUT ROWID;
                    CREATE TABLE segment_changelog (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        tenant TEXT NOT NULL,
                        segment_id TEXT NOT NULL,
                        contact_id TEXT NOT NULL,
                        status TEXT NOT NULL,
                        version INTEGER NOT NULL,
                        at TEXT NOT NULL
                    );
                    CREATE INDEX segment_changelog_by_segment ON segment_changelog (tenant, segment_id, seq);
                    CREATE INDEX segment_changelog_by_time ON segment_changelog (at);
                    """)
        }
    }
}
