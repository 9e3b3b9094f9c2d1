import Foundation
import GRDB

/// Opens a worker's SQLite file: WAL, `synchronous=NORMAL`, the runtime's tables migrated first, then the worker's own.
///
/// In WAL mode `synchronous=NORMAL` keeps every committed transaction through a process crash (kill -9): the commit
/// is in the WAL file before the batch's messages are sent and its offsets reported to Kafka. What it gives up is the
/// fsync of every commit, so an operating-system crash or power loss may lose the last transactions, atomically and
/// with the applied offsets and event ids they carried: the worker then reads those messages again from its recorded
/// position and applies them again, to the same state, and consumers drop the repeated messages by event id. The fsync
/// per commit (`FULL`) made each batch wait for the disk: with a million contacts a resolver batch rewrites tens of
/// megabytes of scattered pages.
public enum WorkerDatabase {
    /// Opens (creating if needed) the database at `path` and applies `migrations` after the runtime's.
    public static func open(path: String, migrations: (inout DatabaseMigrator) -> Void) throws -> DatabasePool {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // Reads come from a 1 GiB memory map and a 64 MiB page cache per connection rather than read() copies.
            try db.execute(sql: "PRAGMA mmap_size = 1073741824")
            try db.execute(sql: "PRAGMA cache_size = -65536")
            // `WALCheckpointer` copies the log into the database every second, off the committing thread. SQLite's
            // own checkpoint, run by the commit that crosses it, stays at 32,768 pages (128 MiB at 4 KiB) for bursts
            // of writes faster than that: a reader then finds its pages in the database file's memory map rather than
            // through the log's index (an export right after a million writes was 30% slower with a 1 GiB bound).
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 32768")
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
        var migrator = DatabaseMigrator()
        RuntimeMigrations.register(in: &migrator)
        migrations(&migrator)
        try migrator.migrate(pool)
        try WALCheckpointer.start(path: path, for: pool)
        return pool
    }
}

/// The tables every worker has: applied offsets, applied event ids, the cluster id, and the outbox.
enum RuntimeMigrations {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("runtime-v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE roster_offsets (
                        topic TEXT NOT NULL,
                        partition INTEGER NOT NULL,
                        next_offset INTEGER NOT NULL,
                        PRIMARY KEY (topic, partition)
                    ) WITHOUT ROWID;
                    CREATE TABLE roster_applied_events (
                        event_id TEXT PRIMARY KEY NOT NULL
                    ) WITHOUT ROWID;
                    CREATE TABLE roster_cluster (
                        singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
                        cluster_id TEXT NOT NULL,
                        recorded_at TEXT NOT NULL
                    );
                    CREATE TABLE roster_outbox (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        topic TEXT NOT NULL,
                        key BLOB,
                        value BLOB,
                        headers TEXT NOT NULL DEFAULT '[]'
                    );
                    """)
        }
    }
}
