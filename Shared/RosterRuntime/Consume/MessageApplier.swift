import GRDB
import RosterKafka
import RosterModel

/// Applies consumed messages to a worker's store. Everything it writes, including messages it
/// publishes through `ApplyContext.publish`, commits in the batch's transaction or not at all.
public protocol MessageApplier: Sendable {
    /// Applies one message. Throwing a non-retriable error sends the message to the dead-letter topic.
    func apply(_ message: ConsumedMessage, context: ApplyContext) throws
}

/// The transaction a message is applied in, and the ways to record its effects.
public final class ApplyContext {
    /// The open transaction.
    public let db: Database
    /// The deployment's topic prefix.
    public let topicPrefix: String
    /// Whether the last `firstTime` call found a repeat.
    private(set) var sawDuplicate = false

    init(db: Database, topicPrefix: String) {
        self.db = db
        self.topicPrefix = topicPrefix
    }

    /// Records `eventID` as applied; `false` means it was applied before and must be skipped.
    public func firstTime(_ eventID: String) throws -> Bool {
        let first = try Checkpoints.markApplied(db, eventID: eventID)
        if !first { sawDuplicate = true }
        return first
    }

    /// Queues a message (a tombstone when `value` is nil) to publish once the transaction commits.
    public func publish<Value>(
        _ topic: Topic<Value>, key: String, value: Value?, headers: [KafkaHeader] = []
    ) throws {
        try Outbox.enqueue(
            db,
            OutgoingMessage(
                topic: topic.name(prefix: topicPrefix), key: key, value: try value.map(topic.encode), headers: headers))
    }
}
