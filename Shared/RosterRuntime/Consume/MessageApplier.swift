import GRDB
import RosterKafka
import RosterModel

/// Applies consumed messages to a worker's store. Everything it writes, including messages it
/// publishes through `ApplyContext.publish`, commits in the batch's transaction or not at all.
public protocol MessageApplier: Sendable {
    /// Applies one message. Throwing a non-retriable error sends the message to the dead-letter topic.
    func apply(_ message: ConsumedMessage, context: ApplyContext) throws

    /// Whether a batch may first be applied without a savepoint per message (faster), and only when a message fails be
    /// rolled back and applied again message by message. An applier that opts in keeps no state in memory between
    /// messages other than what `rolledBack` drops. Default `false`.
    var appliesBatchesWithoutSavepoints: Bool { get }

    /// Called when a transaction it applied messages in was rolled back: state kept in memory between messages
    /// (caches read inside the transaction) must be dropped.
    func rolledBack()

    /// Called once per batch, in its transaction, after its last message and before its offsets are saved: work an
    /// applier gathered over the batch (one snapshot per contact rather than per message) is written and published
    /// here. Throwing rolls the whole batch back; it is applied again, so only a retriable error belongs here.
    func finishBatch(context: ApplyContext) throws
}

extension MessageApplier {
    public var appliesBatchesWithoutSavepoints: Bool { false }

    public func rolledBack() {}

    public func finishBatch(context: ApplyContext) throws {}
}

/// The transaction a message is applied in, and the ways to record its effects.
public final class ApplyContext {
    /// The open transaction.
    public let db: Database
    /// The deployment's topic prefix.
    public let topicPrefix: String
    /// Whether the last `firstTime` call found a repeat.
    private(set) var sawDuplicate = false
    /// What `onApplied` registered for this message.
    var onPass: [() -> Void] = []
    /// What `publish` queued for this message, in order: the consume loop writes a batch's messages to the outbox
    /// together, after its last message, and hands them to the relay so that it need not read them back.
    var published: [OutgoingMessage] = []

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

    /// Runs `action` once the batch's transaction has applied this message for good, just before it commits; not for
    /// an attempt that is rolled back and made again (a message may be applied more than once before its batch
    /// commits: counters go here).
    public func onApplied(_ action: @escaping () -> Void) {
        onPass.append(action)
    }

    /// Queues a message (a tombstone when `value` is nil) to publish once the transaction commits (it goes into the
    /// outbox with the rest of the batch's messages, in the batch's transaction).
    public func publish<Value>(
        _ topic: Topic<Value>, key: String, value: Value?, headers: [KafkaHeader] = []
    ) throws {
        published.append(
            OutgoingMessage(
                topic: topic.name(prefix: topicPrefix), key: key, value: try value.map(topic.encode), headers: headers))
    }
}
