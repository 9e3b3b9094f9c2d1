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
        try db.cachedStatement(sql: "INSERT INTO roster_outbox (topic, key, value, headers) VALUES (?, ?, ?, ?)")
            .execute(arguments: StatementArguments(columns(message)))
    }

    /// Queues messages in the current transaction, in order, in multi-row inserts, and returns their sequence numbers:
    /// consecutive, as nothing else writes in the transaction between its statements.
    ///
    /// A consume batch's messages are written this way at its end (a resolver batch of 5,000 events queues 10,000):
    /// one `INSERT` per message paid the statement's fixed work each time.
    static func enqueue(_ db: Database, all messages: [OutgoingMessage]) throws -> ClosedRange<Int64>? {
        guard !messages.isEmpty else { return nil }
        var insert = MultiRowInsert("INSERT INTO roster_outbox (topic, key, value, headers)", columns: 4)
        for message in messages { insert.append(columns(message)) }
        try insert.execute(db)
        let last = db.lastInsertedRowID
        return (last - Int64(messages.count) + 1)...last
    }

    /// A message's row: topic, key, value, and headers as a JSON array of [name, value] pairs.
    private static func columns(_ message: OutgoingMessage) -> [(any DatabaseValueConvertible)?] {
        // Headers written directly rather than through JSONEncoder (a merge's tombstone carries one, and JSONEncoder
        // cost as much as the rest of the insert); most messages have none.
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
        return [message.topic, message.key.map { Data($0) }, message.value.map { Data($0) }, headers]
    }

    /// The oldest queued messages after `delivered` with their sequence numbers, only those before `bound`.
    static func pending(
        _ db: Database, after delivered: Int64, before bound: Int64, limit: Int
    ) throws -> [(Int64, OutgoingMessage)] {
        try Row.fetchAll(
            db, sql: "SELECT * FROM roster_outbox WHERE seq > ? AND seq < ? ORDER BY seq LIMIT ?",
            arguments: [delivered, bound, limit]
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
        try db.cachedStatement(sql: "DELETE FROM roster_outbox WHERE seq <= ?").execute(arguments: [seq])
    }

    /// How many messages are stored: waiting to be sent, or sent and not yet removed (removed in the next batch's
    /// transaction, or within a poll interval when the worker is idle).
    public static func count(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM roster_outbox") ?? 0
    }
}

/// The messages one transaction queued, in hand after it commits, so that the relay sends them without reading them
/// back from the outbox.
///
/// Reading back (a `SELECT` of every row, each copied into a message) cost a few microseconds per message in the
/// resolver benchmark; the rows are still written, for a crash between commit and delivery, and removed once sent.
public struct OutboxBatch: Sendable {
    /// The sequence numbers of the transaction's rows, oldest first.
    let seqs: ClosedRange<Int64>
    let messages: [OutgoingMessage]

    /// Writes `messages` in the open transaction, in order, and returns them as a batch (`nil` when there are none).
    static func write(_ db: Database, _ messages: [OutgoingMessage]) throws -> OutboxBatch? {
        guard let seqs = try Outbox.enqueue(db, all: messages) else { return nil }
        return OutboxBatch(seqs: seqs, messages: messages)
    }
}

/// Sends what the outbox holds, oldest first, and removes the rows once the broker acknowledged them.
///
/// One per worker (`WorkerContext.outboxRelay`): every consume loop, job runner and timer of the process drains
/// through it, one at a time, so that two of them never read and send the same pending messages twice.
///
/// It remembers in memory how far the outbox is delivered: rows up to there are never read or sent again by this
/// process, whether or not they are removed yet. A consume loop removes them in its next batch's transaction
/// (`removeDelivered(in:)`) rather than in a write transaction of their own after each send (a second commit per
/// batch, on the thread that waits for the acknowledgements). After a crash the rows still stored are sent again, as
/// after a crash between commit and delivery.
public final class OutboxRelay: Sendable {
    let database: DatabasePool
    let producer: KafkaProducer
    let metrics: WorkerMetrics
    private let draining = Mutex(())
    /// Every row up to this sequence number has been delivered (or never existed), and those removed up to the second.
    private let watermarks = Mutex<(delivered: Int64, removed: Int64)>((0, 0))

    init(database: DatabasePool, producer: KafkaProducer, metrics: WorkerMetrics) {
        self.database = database
        self.producer = producer
        self.metrics = metrics
    }

    /// Blocks until everything queued is delivered, and removes it. Call from a dedicated thread.
    public func drain(chunk: Int = 5000) throws {
        try draining.withLock { _ in try drainAlone(chunk: chunk) }
        try removeDelivered()
    }

    /// Sends a committed transaction's messages that the caller has in hand, after any older ones still queued; their
    /// rows stay until `removeDelivered` removes them. Without a batch, the same as `drain`. Call from a dedicated
    /// thread.
    public func send(_ batch: OutboxBatch?, chunk: Int = 5000) throws {
        guard let batch else { return try drain(chunk: chunk) }
        try draining.withLock { _ in
            let delivered = watermarks.withLock { $0.delivered }
            if delivered >= batch.seqs.lowerBound {
                // A drain sent some of it already (it reads chunk by chunk): send the rest from the rows.
                return try drainAlone(chunk: chunk)
            }
            if delivered < batch.seqs.lowerBound - 1 {
                try drainAlone(chunk: chunk, before: batch.seqs.lowerBound)
            }
            try producer.sendAndWait(batch.messages)
            metrics.produced.increment(by: Int64(batch.messages.count))
            markDelivered(through: batch.seqs.upperBound)
        }
    }

    /// Removes the delivered rows in the caller's transaction (a consume batch's), and returns the sequence number they
    /// were removed through, for `removed(through:)` once that transaction has committed.
    func removeDelivered(in db: Database) throws -> Int64 {
        let (delivered, removed) = watermarks.withLock { $0 }
        if delivered > removed { try Outbox.remove(db, through: delivered) }
        return delivered
    }

    /// Records that a committed transaction removed the delivered rows through `seq`.
    func removed(through seq: Int64) {
        watermarks.withLock { $0.removed = max($0.removed, seq) }
    }

    /// Removes the delivered rows not removed yet, in a write of its own (when no batch will: the worker is idle or
    /// stopping).
    func removeDelivered() throws {
        let (delivered, removed) = watermarks.withLock { $0 }
        guard delivered > removed else { return }
        try database.write { try Outbox.remove($0, through: delivered) }
        self.removed(through: delivered)
    }

    private func markDelivered(through seq: Int64) {
        watermarks.withLock { $0.delivered = max($0.delivered, seq) }
    }

    /// Sends every undelivered row before `bound`, chunk by chunk; afterwards everything before `bound` is delivered
    /// (rows committed later have greater sequence numbers than the caller's).
    private func drainAlone(chunk: Int, before bound: Int64 = .max) throws {
        while true {
            let delivered = watermarks.withLock { $0.delivered }
            let pending = try database.read {
                try Outbox.pending($0, after: delivered, before: bound, limit: chunk)
            }
            guard let last = pending.last?.0 else {
                if bound != .max { markDelivered(through: bound - 1) }
                return
            }
            try producer.sendAndWait(pending.map(\.1))
            metrics.produced.increment(by: Int64(pending.count))
            markDelivered(through: last)
        }
    }
}
