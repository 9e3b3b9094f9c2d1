import Foundation
import GRDB
import Logging
import Prometheus
import RosterKafka
import RosterModel
import ServiceLifecycle
import Synchronization

/// The loop every worker runs per consumer: poll a batch, apply it, its offsets and the messages it publishes (the
/// outbox) in one SQLite transaction; then, while the next batch is applied, send the messages and commit the offsets
/// to Kafka (`BatchSender`).
///
/// A message that cannot be applied after bounded retries goes to the dead-letter topic with the
/// reason and its origin in headers, and the partition moves on. On graceful shutdown the batch in
/// hand is finished and committed before the consumer leaves its group.
public final class ConsumeLoop: Service, Sendable {
    /// Where the loop reads from and how its work is applied.
    public struct Spec: Sendable {
        /// A name for logs and `/readyz` (`contact-events`).
        public var label: String
        public var assignment: KafkaConsumerConfig.Assignment
        public var applier: any MessageApplier

        public init(label: String, assignment: KafkaConsumerConfig.Assignment, applier: any MessageApplier) {
            self.label = label
            self.assignment = assignment
            self.applier = applier
        }
    }

    /// Test hooks around the points where a crash matters.
    public struct Hooks: Sendable {
        /// Runs after a batch's transaction committed and before its offsets go to Kafka.
        public var afterApply: (@Sendable () throws -> Void)?

        public init(afterApply: (@Sendable () throws -> Void)? = nil) {
            self.afterApply = afterApply
        }
    }

    private let spec: Spec
    private let worker: WorkerContext
    private let hooks: Hooks
    private let stopping = Mutex(false)
    private static let applyAttempts = 3
    private static let transactionAttempts = 5

    public init(spec: Spec, worker: WorkerContext, hooks: Hooks = Hooks()) {
        self.spec = spec
        self.worker = worker
        self.hooks = hooks
        worker.readiness.expectConsumer(spec.label)
    }

    public func run() async throws {
        try await withTaskCancellationOrGracefulShutdownHandler {
            try await BlockingThread.run(name: "consume-\(spec.label)") { try self.loop() }
        } onCancelOrGracefulShutdown: {
            self.stopping.withLock { $0 = true }
        }
    }

    private var logger: Logger { worker.logger }

    private func loop() throws {
        let database = worker.database
        let consumer = try KafkaConsumer.make(
            config: worker.config.kafka,
            consumer: KafkaConsumerConfig(groupID: worker.config.name, assignment: spec.assignment),
            positions: { partitions in
                (try? database.read { try Checkpoints.positions($0, partitions) }) ?? [:]
            },
            logger: logger)
        let relay = worker.outboxRelay
        try relay.drain()
        let sender = BatchSender(label: spec.label, relay: relay, consumer: consumer, worker: worker)
        do {
            try consume(consumer, sender: sender)
        } catch {
            try? sender.finish()
            throw error
        }
        try sender.finish()
        try relay.removeDelivered()
        report(consumer)
        logger.info("consumer stopped after committing its last batch", metadata: ["consumer": "\(spec.label)"])
    }

    /// Polls and applies batches until asked to stop, handing each committed batch to the sender.
    private func consume(_ consumer: KafkaConsumer, sender: BatchSender) throws {
        let relay = worker.outboxRelay
        var lastReport = ContinuousClock.now - .seconds(10)
        while !stopping.withLock({ $0 }) {
            if ContinuousClock.now - lastReport > .milliseconds(500) {
                report(consumer)
                lastReport = .now
            }
            let batch: [ConsumedMessage]
            do {
                batch = try consumer.poll(maxMessages: worker.config.batchSize, timeout: .milliseconds(100))
            } catch let error as KafkaError where error.kind == .offsetOutOfRange {
                worker.metrics.offsetOutOfRange.increment()
                logger.error(
                    "position outside the log: data was evicted before it was read",
                    metadata: ["kafka.error": "\(error.message)"])
                Thread.sleep(forTimeInterval: 1)
                continue
            }
            guard !batch.isEmpty else {
                try sender.check()
                try relay.removeDelivered()
                continue
            }
            let started = ContinuousClock.now
            worker.metrics.consumed.increment(by: Int64(batch.count))
            let (offsets, queued) = try applyWithRetries(batch)
            try hooks.afterApply?()
            try sender.submit(.init(messages: queued, offsets: offsets, started: started))
        }
    }

    private func report(_ consumer: KafkaConsumer) {
        let lags = consumer.lag()
        for (partition, lag) in lags {
            worker.metrics.recordLag(topic: partition.topic, partition: partition.partition, messages: lag)
        }
        worker.readiness.update(
            consumer: spec.label, joined: consumer.hasJoined, assignment: consumer.assignment,
            lag: lags.values.reduce(0, +))
    }

    /// Applies the batch in one transaction, each message in its own savepoint so that only a failing message is
    /// skipped (and dead-lettered). An applier that allows it is first tried without savepoints, every message straight
    /// into the transaction; if a message fails there, the transaction is rolled back and the batch applied again
    /// message by message. (The savepoint per message cost two statements prepared and a savepoint journal per
    /// message.) The messages the batch published go into the outbox together at its end, and the rows the relay has
    /// delivered since the last batch are removed in the same transaction.
    private func applyWithRetries(_ batch: [ConsumedMessage]) throws -> ([TopicPartition: Int64], OutboxBatch?) {
        var attempt = 1
        var isolated = !spec.applier.appliesBatchesWithoutSavepoints
        let relay = worker.outboxRelay
        while true {
            do {
                let (offsets, queued, removed) = try worker.database.write { db in
                    let (offsets, passed, messages) = try self.apply(batch, in: db, isolated: isolated)
                    let queued = try OutboxBatch.write(db, messages)
                    let removed = try relay.removeDelivered(in: db)
                    for action in passed { action() }
                    return (offsets, queued, removed)
                }
                relay.removed(through: removed)
                return (offsets, queued)
            } catch let failure as SharedPassFailure {
                spec.applier.rolledBack()
                logger.debug("a message failed in the batch, applying each alone", metadata: ["error": "\(failure)"])
                isolated = true
            } catch  where Self.isRetriable(error) && attempt < Self.transactionAttempts {
                spec.applier.rolledBack()
                logger.warning("batch transaction failed, retrying", metadata: ["error": "\(error)"])
                Thread.sleep(forTimeInterval: 0.1 * Double(attempt))
                attempt += 1
            }
        }
    }

    /// A message that failed in the batch's shared pass; the batch is applied again message by message.
    private struct SharedPassFailure: Error {
        var underlying: any Error
    }

    private func apply(
        _ batch: [ConsumedMessage], in db: Database, isolated: Bool
    ) throws -> ([TopicPartition: Int64], [() -> Void], [OutgoingMessage]) {
        var next: [TopicPartition: Int64] = [:]
        var applied: Int64 = 0
        var duplicates: Int64 = 0
        var passed: [() -> Void] = []
        var queued: [OutgoingMessage] = []
        for message in batch {
            let context = ApplyContext(db: db, topicPrefix: worker.config.topicPrefix)
            if !isolated {
                do {
                    try spec.applier.apply(message, context: context)
                } catch {
                    throw SharedPassFailure(underlying: error)
                }
            } else if let failure = try applyOne(message, context: context) {
                queued.append(deadLetter(message, reason: failure))
                next[message.topicPartition] = message.offset + 1
                continue
            }
            passed += context.onPass
            queued += context.published
            if context.sawDuplicate {
                duplicates += 1
            } else {
                applied += 1
            }
            next[message.topicPartition] = message.offset + 1
        }
        let closing = ApplyContext(db: db, topicPrefix: worker.config.topicPrefix)
        try spec.applier.finishBatch(context: closing)
        passed += closing.onPass
        queued += closing.published
        try Checkpoints.save(db, next)
        passed.append { [metrics = worker.metrics, applied, duplicates] in
            metrics.applied.increment(by: applied)
            metrics.duplicates.increment(by: duplicates)
        }
        return (next, passed, queued)
    }

    /// Applies in a savepoint, retrying retriable failures; returns the error that made it give up.
    private func applyOne(_ message: ConsumedMessage, context: ApplyContext) throws -> (any Error)? {
        var lastError: any Error = RosterError.invalid("not applied")
        for _ in 1...Self.applyAttempts {
            context.onPass = []
            context.published = []
            do {
                try context.db.inSavepoint {
                    try spec.applier.apply(message, context: context)
                    return .commit
                }
                return nil
            } catch {
                lastError = error
                if !Self.isRetriable(error) { break }
            }
        }
        context.onPass = []
        context.published = []
        return lastError
    }

    /// The message for the dead-letter topic (queued in the outbox with the batch's other messages).
    private func deadLetter(_ message: ConsumedMessage, reason: any Error) -> OutgoingMessage {
        let text = Self.describe(reason)
        logger.warning(
            "message sent to the dead-letter topic",
            metadata: [
                "kafka.topic": "\(message.topic)", "kafka.partition": "\(message.partition)",
                "kafka.offset": "\(message.offset)", "error": "\(text)",
            ])
        worker.metrics.deadLettered.increment()
        let letter = OutgoingMessage(
            topic: Topics.deadLetter.name(prefix: worker.config.topicPrefix), key: message.key,
            value: message.value,
            headers: message.headers + [
                KafkaHeader(name: DeadLetterHeaders.error, string: text),
                KafkaHeader(name: DeadLetterHeaders.sourceTopic, string: message.topic),
                KafkaHeader(name: DeadLetterHeaders.sourcePartition, string: String(message.partition)),
                KafkaHeader(name: DeadLetterHeaders.sourceOffset, string: String(message.offset)),
                KafkaHeader(name: DeadLetterHeaders.worker, string: worker.config.name),
            ])
        return letter
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case let error as RosterError: "\(error.code): \(error.message)"
        case let error as WireError: "invalid_message: \(error.description)"
        default: "\(error)"
        }
    }

    static func isRetriable(_ error: any Error) -> Bool {
        switch error {
        case let error as RosterError: error.isRetriable
        case let error as DatabaseError: [.SQLITE_BUSY, .SQLITE_LOCKED].contains(error.resultCode)
        case let error as KafkaError: error.isRetriable
        default: false
        }
    }
}
