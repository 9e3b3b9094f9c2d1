import Foundation
import GRDB
import Prometheus
import RosterKafka
import RosterModel
import Synchronization

/// Messages a transaction decided to publish, stored with the transaction and sent after it commits.
///
/// A crash between commit and delivery re-sends on restart; consumers drop repeats by event id.
public enum Outbox {
    /// Queues a message in the current transaction.
    public static func enqueue(_ db: Database, _ message: OutgoingMessage) throws {
        // Headers as a JSON array of [name, value] pairs, written directly rather than through JSONEncoder (a merge's
        // tombstone carries one, and JSONEncoder cost as much as the rest of the insert); most messages have none.
        var headers = "[]"
        if !message.headers.isEmpty {
            var writer = JSONWriter(capacity: 64)
            writer.array { writer in
                for header in message.headers {
                    writer.array { writer in
                        writer.string(header.name)
                        writer.string(header.stringValue)
                    }
                }
            }
            headers = String(decoding: writer.bytes, as: UTF8.self)
        }
        try db.cachedStatement(sql: "INSERT INTO roster_outbox (topic, key, value, headers) VALUES (?, ?, ?, ?)")
            .execute(arguments: [message.topic, message.key.map { Data($0) }, message.value.map { Data($0) }, headers])
    }

    /// The oldest queued messages with their sequence numbers, only those before `bound` when one is given.
    static func pending(_ db: Database, limit: Int, before bound: Int64 = .max) throws -> [(Int64, OutgoingMessage)] {
        try Row.fetchAll(
            db, sql: "SELECT * FROM roster_outbox WHERE seq < ? ORDER BY seq LIMIT ?", arguments: [bound, limit]
        ).map { row in
            let text: String = row["headers"]
            let pairs = text == "[]" ? [] : try JSONDecoder().decode([[String]].self, from: Data(text.utf8))
            let message = OutgoingMessage(
                topic: row["topic"], key: (row["key"] as Data?).map { Array($0) },
                value: (row["value"] as Data?).map { Array($0) },
                headers: pairs.map { KafkaHeader(name: $0[0], string: $0[1]) })
            return (row["seq"], message)
        }
    }

    /// Removes messages up to and including `seq` once they are delivered.
    static func remove(_ db: Database, through seq: Int64) throws {
        try db.execute(sql: "DELETE FROM roster_outbox WHERE seq <= ?", arguments: [seq])
    }

    /// How many messages wait to be sent.
    public static func count(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM roster_outbox") ?? 0
    }

    /// The newest sequence number queued, 0 when none is: every message queued later has a greater one.
    static func lastSeq(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM roster_outbox") ?? 0
    }

    /// The oldest sequence number queued, if any.
    static func firstSeq(_ db: Database) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT MIN(seq) FROM roster_outbox")
    }
}

/// The messages one transaction queued, in hand after it commits, so that the relay sends them without reading them
/// back from the outbox.
///
/// Reading back (a `SELECT` of every row, each copied into a message) cost a few microseconds per message in the
/// resolver benchmark; the rows are still written, for a crash between commit and delivery, and deleted once sent.
public struct OutboxBatch: Sendable {
    /// The sequence numbers of the transaction's rows, oldest first.
    let seqs: ClosedRange<Int64>
    let messages: [OutgoingMessage]

    /// The batch, when `messages` are all the rows the open transaction queued after `seq` (another writer's rows
    /// inside the same transaction, queued by code that bypassed `ApplyContext`, make it `nil`: the relay then
    /// reads the rows).
    static func check(_ db: Database, after seq: Int64, messages: [OutgoingMessage]) throws -> OutboxBatch? {
        guard !messages.isEmpty,
            let row = try Row.fetchOne(
                db, sql: "SELECT MIN(seq), MAX(seq), COUNT(*) FROM roster_outbox WHERE seq > ?", arguments: [seq]),
            let first = row[0] as Int64?, let last = row[1] as Int64?, row[2] as Int == messages.count
        else { return nil }
        return OutboxBatch(seqs: first...last, messages: messages)
    }
}

/// Sends what the outbox holds, oldest first, and removes each chunk once the broker acknowledged it.
///
/// One per worker (`WorkerContext.outboxRelay`): every consume loop, job runner and timer of the process drains
/// through it, one at a time, so that two of them never read and send the same pending messages twice.
public final class OutboxRelay: Sendable {
    let database: DatabasePool
    let producer: KafkaProducer
    let metrics: WorkerMetrics
    private let draining = Mutex(())

    init(database: DatabasePool, producer: KafkaProducer, metrics: WorkerMetrics) {
        self.database = database
        self.producer = producer
        self.metrics = metrics
    }

    /// Blocks until the outbox is empty. Call from a dedicated thread.
    public func drain(chunk: Int = 5000) throws {
        try draining.withLock { _ in try drainAlone(chunk: chunk) }
    }

    /// Sends a committed transaction's messages that the caller has in hand, after any older ones still queued, and
    /// removes their rows; without a batch, the same as `drain`. Call from a dedicated thread.
    public func send(_ batch: OutboxBatch?, chunk: Int = 5000) throws {
        guard let batch else { return try drain(chunk: chunk) }
        try draining.withLock { _ in
            // Rows are removed oldest first, so the batch's first row still queued means all of it is.
            guard let oldest = try database.read({ try Outbox.firstSeq($0) }), oldest <= batch.seqs.lowerBound else {
                return try drainAlone(chunk: chunk)
            }
            try drainAlone(chunk: chunk, before: batch.seqs.lowerBound)
            try producer.sendAndWait(batch.messages)
            metrics.produced.increment(by: Int64(batch.messages.count))
            try database.write { try Outbox.remove($0, through: batch.seqs.upperBound) }
        }
    }

    private func drainAlone(chunk: Int, before bound: Int64 = .max) throws {
        while true {
            let pending = try database.read { try Outbox.pending($0, limit: chunk, before: bound) }
            guard let last = pending.last?.0 else { return }
            try producer.sendAndWait(pending.map(\.1))
            metrics.produced.increment(by: Int64(pending.count))
            try database.write { try Outbox.remove($0, through: last) }
        }
    }
}
