import Foundation
import HTTPTypes
import RosterKafka
import RosterModel
import RosterRuntime
import Synchronization

/// Publishes social events from the API and import jobs onto the tenant's partition of `cdp.social-events`
/// (partitioned by tenant, keyed `tenant/channel/channel_user_id`), and waits for the worker's own events.
public final class SocialPublisher: Sendable {
    let worker: WorkerContext
    let store: SocialStore
    private let partitionCount = Mutex<Int32?>(nil)

    init(worker: WorkerContext, store: SocialStore) {
        self.worker = worker
        self.store = store
    }

    /// The message for an event, on its tenant's partition.
    func message(_ event: SocialEvent) throws -> OutgoingMessage {
        let topic = worker.topicName(Topics.socialEvents)
        var message = OutgoingMessage(
            topic: topic, key: "\(event.tenant)/\(event.channel)/\(event.channelUserId)",
            value: try Topics.socialEvents.encode(event))
        message.partition = TenantPartitioner.partition(tenant: event.tenant, count: try partitions(of: topic))
        return message
    }

    /// Publishes events and waits for the broker's acknowledgement.
    func publish(_ events: [SocialEvent]) async throws {
        try await worker.producer.send(try events.map(message))
        worker.metrics.recordProduced(events.count)
    }

    /// Publishes events from a dedicated thread (import jobs) and waits for the acknowledgement.
    func publishBlocking(_ events: [SocialEvent]) throws {
        try worker.producer.sendAndWait(try events.map(message))
        worker.metrics.recordProduced(events.count)
    }

    /// Waits up to `timeout` for this worker to apply the event; returns whether it did.
    func waitApplied(_ eventID: String, timeout: Duration = .seconds(5)) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try store.hasApplied(eventID) { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try store.hasApplied(eventID)
    }

    private func partitions(of topic: String) throws -> Int32 {
        if let count = partitionCount.withLock({ $0 }) { return count }
        guard let count = try worker.admin.partitionCounts()[topic] else {
            throw RosterError(
                code: "topic_missing", message: "topic \(topic) does not exist", status: .serviceUnavailable,
                isRetriable: true)
        }
        partitionCount.withLock { $0 = count }
        return count
    }
}
