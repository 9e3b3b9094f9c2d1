import GRDB
import RosterKafka

/// Applied offsets and applied event ids, written in the same transaction as the data they produced.
public enum Checkpoints {
    /// The next offset to read for each partition that has one recorded.
    public static func positions(_ db: Database, _ partitions: [TopicPartition]) throws -> [TopicPartition: Int64] {
        var result: [TopicPartition: Int64] = [:]
        for partition in partitions {
            if let offset = try Int64.fetchOne(
                db, sql: "SELECT next_offset FROM roster_offsets WHERE topic = ? AND partition = ?",
                arguments: [partition.topic, partition.partition])
            {
                result[partition] = offset
            }
        }
        return result
    }

    /// Records the next offset to read of each partition.
    public static func save(_ db: Database, _ offsets: [TopicPartition: Int64]) throws {
        for (partition, offset) in offsets {
            try db.cachedStatement(
                sql: """
                    INSERT INTO roster_offsets (topic, partition, next_offset) VALUES (?, ?, ?)
                    ON CONFLICT (topic, partition) DO UPDATE SET next_offset = excluded.next_offset
                    """
            ).execute(arguments: [partition.topic, partition.partition, offset])
        }
    }

    /// Forgets every recorded offset (on accepting a new cluster).
    public static func clearPositions(_ db: Database) throws {
        try db.execute(sql: "DELETE FROM roster_offsets")
    }

    /// Records an event id; returns `false` when it was applied before (the caller then skips it).
    public static func markApplied(_ db: Database, eventID: String) throws -> Bool {
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO roster_applied_events (event_id) VALUES (?)")
            .execute(arguments: [eventID])
        return db.changesCount == 1
    }

    /// How many event ids have been applied.
    public static func appliedCount(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM roster_applied_events") ?? 0
    }
}
