import Foundation
import GRDB
import Prometheus
import RosterKafka
import Synchronization

/// Messages a transaction decided to publish, stored with the transaction and sent after it commits.
///
/// A crash between commit and delivery re-sends on restart; consumers drop repeats by event id.
public enum Outbox {
    /// Queues a message in the current transaction.
    public static func enqueue(_ db: Database, _ message: OutgoingMessage) throws {
        let headers =
            message.headers.isEmpty
            ? "[]"
            : String(
                decoding: try JSONEncoder().encode(message.headers.map { [$0.name, $0.stringValue] }), as: UTF8.self)
        try db.cachedStatement(sql: "INSERT INTO roster_outbox (topic, key, value, headers) VALUES (?, ?, ?, ?)")
            .execute(arguments: [message.topic, message.key.map { Data($0) }, message.value.map { Data($0) }, headers])
    }

    /// The oldest queued messages with their sequence numbers.
    static func pending(_ db: Database, limit: Int) throws -> [(Int64, OutgoingMessage)] {
        try Row.fetchAll(db, sql: "SELECT * FROM roster_outbox ORDER BY seq LIMIT ?", arguments: [limit]).map { row in
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

    private func drainAlone(chunk: Int) throws {
        while true {
            let pending = try database.read { try Outbox.pending($0, limit: chunk) }
            guard let last = pending.last?.0 else { return }
            try producer.sendAndWait(pending.map(\.1))
            metrics.produced.increment(by: Int64(pending.count))
            try database.write { try Outbox.remove($0, through: last) }
        }
    }
}
