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
/// events/s. Batches are sent in the order they committed; at most one waits while another is being sent, so that the
/// outbox's backlog stays bounded. The guarantees stay with the outbox: a crash before delivery sends the
/// stored rows again on restart, and Kafka's offsets are advisory (the store's are the source of truth).
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
        let queue = Handoff<Item>(capacity: 1)
        let failure = FailureBox()
        self.queue = queue
        self.failure = failure
        thread = StageThread(name: "send-\(label)") {
            do {
                while let item = try queue.take() {
                    try relay.send(item.messages)
                    do {
                        try consumer.startCommit(item.offsets)
                    } catch {
                        worker.logger.warning("advisory offset commit failed", metadata: ["kafka.error": "\(error)"])
                    }
                    worker.metrics.batchLatency.record(ContinuousClock.now - item.started)
                }
            } catch {
                failure.record(error)
                queue.cancel()
            }
        }
    }

    /// Hands a committed batch over, waiting while another already waits; throws the thread's failure, if any.
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
