import Foundation
import Logging
import Prometheus
import RosterKafka

/// Sends each committed batch's outbox messages and then commits its offsets to Kafka, on a thread of its own, so that
/// the consume loop applies the next batch while the broker acknowledges this one.
///
/// Waiting for the acknowledgements and the offset commit on the consume loop's thread left it idle for part of every
/// batch: in the resolver benchmark (200,000 contacts, batches of 5,000) it was on the CPU 77% of the time. With this
/// and the batch-wise outbox, the resolver's `make bench` figure (1,000,000 contacts) went from 6,039 to 7,397
/// events/s. Batches are sent in the order they committed; at most four wait while another is being sent, so that the
/// outbox's backlog stays bounded. The guarantees stay with the outbox: a crash before delivery sends the
/// stored rows again on restart, and Kafka's offsets are advisory (the store's are the source of truth).
///
/// Sends are at least `WorkerConfig.batchLinger` apart: a batch committed sooner after the last send waits for the
/// rest of that time, and the batches that came meanwhile leave with it, one message set per partition instead of
/// one per batch; a batch after a quiet spell leaves at once. At 1,000 events/s the resolver and the segmenter apply
/// ~200 batches of ~5 events a second, and the embedded broker walks a partition's message sets from the oldest to
/// find a fetch offset, so each send made every later fetch dearer. The latency benchmark (60 s, quiet machine), with
/// 0 / 10 / 20 ms: p99 90.5 / 83.6 / 79.5 ms, 1.53 / 1.28 / 1.40 ms of process CPU per event; before this, every
/// batch sent on its own: 1.59 ms per event and p99 141.8 ms.
final class BatchSender: Sendable {
    /// A committed batch: what it queued, its next offsets, and when it was polled (for the batch latency).
    struct Item: Sendable {
        var messages: OutboxBatch?
        var offsets: [TopicPartition: Int64]
        var started: ContinuousClock.Instant
    }

    private let queue: Handoff<Item>
    private let failure: FailureBox
    private let thread: StageThread

    init(label: String, relay: OutboxRelay, consumer: KafkaConsumer, worker: WorkerContext) {
        let queue = Handoff<Item>(capacity: 4)
        let linger = worker.config.batchLinger
        let failure = FailureBox()
        self.queue = queue
        self.failure = failure
        thread = StageThread(name: "send-\(label)") {
            do {
                var lastSend = ContinuousClock.now - linger
                while let first = try queue.take() {
                    let items = [first] + queue.takeAll(gatheringUntil: Self.date(of: lastSend + linger))
                    lastSend = .now
                    try Self.send(items, relay: relay, consumer: consumer, worker: worker)
                }
            } catch {
                failure.record(error)
                queue.cancel()
            }
        }
    }

    /// Sends the batches' messages, in as few sends as their outbox rows allow, then commits their offsets to Kafka.
    private static func send(_ items: [Item], relay: OutboxRelay, consumer: KafkaConsumer, worker: WorkerContext) throws
    {
        let runs = OutboxBatch.contiguousRuns(items.map(\.messages))
        for run in runs { try relay.send(run) }
        if runs.isEmpty { try relay.send(nil) }
        do {
            try consumer.startCommit(items.reduce(into: [:]) { $0.merge($1.offsets) { _, later in later } })
        } catch {
            worker.logger.warning("advisory offset commit failed", metadata: ["kafka.error": "\(error)"])
        }
        let now = ContinuousClock.now
        for item in items { worker.metrics.batchLatency.record(now - item.started) }
    }

    /// The wall-clock time of an instant (now, if it has passed).
    private static func date(of instant: ContinuousClock.Instant) -> Date {
        let left = instant - ContinuousClock.now
        return Date() + max(0, Double(left.components.seconds) + Double(left.components.attoseconds) / 1e18)
    }

    /// Hands a committed batch over, waiting while four already wait; throws the thread's failure, if any.
    func submit(_ item: Item) throws {
        try check()
        guard queue.put(item) else { throw failure.error ?? CancellationError() }
    }

    /// Throws the thread's failure, if it had one (the loop then stops, as when it sent on its own thread).
    func check() throws {
        if let error = failure.error { throw error }
    }

    /// Sends what waits, stops the thread, and throws its failure, if any.
    func finish() throws {
        queue.finish()
        thread.join()
        if let error = failure.error { throw error }
    }
}

extension OutboxBatch {
    /// The batches merged where one's rows follow the other's directly (another writer's rows may lie between two
    /// consume batches: those are sent from the store, never marked delivered by a merged range).
    static func contiguousRuns(_ batches: [OutboxBatch?]) -> [OutboxBatch] {
        var runs: [OutboxBatch] = []
        for batch in batches {
            guard let batch else { continue }
            if let last = runs.last, last.seqs.upperBound + 1 == batch.seqs.lowerBound {
                runs[runs.count - 1] = OutboxBatch(
                    seqs: last.seqs.lowerBound...batch.seqs.upperBound, messages: last.messages + batch.messages)
            } else {
                runs.append(batch)
            }
        }
        return runs
    }
}
