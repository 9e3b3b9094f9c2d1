import Foundation
import GRDB

/// Copies a worker database's write-ahead log into the database file every second, on a thread and connection of
/// its own, for as long as the worker's pool is open.
///
/// A checkpoint fsyncs the log and the database. Run by SQLite's automatic checkpoint, it ran inside the commit of
/// whichever batch crossed the threshold, and that consume loop waited (up to 413 ms measured in the latency
/// benchmark, the tail of its p99). A passive checkpoint on another connection takes no lock that writers or readers
/// wait for. The writer's own automatic checkpoint stays, at a far higher bound, should this one ever fall behind.
enum WALCheckpointer {
    /// The pool the checkpointer serves; it stops once the pool is gone.
    private final class Watch: @unchecked Sendable {
        weak var pool: DatabasePool?

        init(_ pool: DatabasePool) {
            self.pool = pool
        }
    }

    /// Starts checkpointing the database at `path`, which `pool` has open, every `interval` seconds.
    static func start(path: String, for pool: DatabasePool, every interval: TimeInterval = 1) throws {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        let connection = try DatabaseQueue(path: path, configuration: configuration)
        let watch = Watch(pool)
        let thread = Thread {
            while true {
                Thread.sleep(forTimeInterval: interval)
                guard watch.pool != nil else { return }
                // A checkpoint that fails (a disk error) is tried again next time; the log only grows meanwhile.
                try? connection.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(PASSIVE)") }
            }
        }
        thread.name = "wal-checkpoint"
        thread.start()
    }
}
