import Foundation
import GRDB
import Logging
import RosterKafka
import RosterModel
import RosterRuntime
import RosterTestSupport
import Synchronization

@testable import SegmenterCore

/// The segmenter on an in-process cluster with a real SQLite file, fed profiles and activity as the resolver
/// publishes them, and called over HTTP.
final class SegmenterHarness: Sendable {
    let cluster: TestCluster
    let directory: TemporaryDirectory
    let worker: WorkerContext
    let ticker: RelativeTimeTicker
    private let group: RunningGroup
    private let producer: KafkaProducer

    init(
        cluster: TestCluster? = nil, directory: TemporaryDirectory? = nil, hooks: ConsumeLoop.Hooks = .init(),
        settings: SegmenterSettings = SegmenterSettings(tick: .seconds(3600)),
        computerHooks: SegmentComputer.Hooks = .init()
    ) async throws {
        let cluster = try cluster ?? TestCluster(partitions: 2)
        let directory = try directory ?? TemporaryDirectory()
        self.cluster = cluster
        self.directory = directory
        let built = try Segmenter.build(
            config: cluster.workerConfig(name: Segmenter.name, directory: directory.path),
            logger: Logger(label: "segmenter"), settings: settings, hooks: hooks, computerHooks: computerHooks)
        worker = built.worker
        ticker = built.ticker
        group = RunningGroup(built.group)
        producer = try KafkaProducer.make(config: cluster.clientConfig, logger: Logger(label: "producer"))
        let worker = worker
        guard try await eventually(timeout: .seconds(60), { worker.readiness.isReady && worker.httpPort != nil })
        else { throw RosterError.startup("the segmenter did not become ready") }
    }

    /// A snapshot of tenant `dev` created `days` ago.
    static func profile(
        _ id: String, location: String? = nil, createdDaysAgo: Double = 1, tags: [String] = [],
        subscriptions: Subscriptions = Subscriptions()
    ) -> ProfileSnapshot {
        let created = Timestamps.format(Date().addingTimeInterval(-createdDaysAgo * 86_400))
        return ProfileSnapshot(
            tenant: "dev", contactId: id, eventId: "e-\(id)", identifiers: ["email": ["\(id)@example.com"]],
            attributes: location.map { ["location": .string($0)] } ?? [:], tags: tags, subscriptions: subscriptions,
            createdAt: created, updatedAt: Timestamps.format(Date()))
    }

    /// Publishes profile snapshots (nil value: a tombstone) keyed `dev/contact`.
    func publish(profiles: [(String, ProfileSnapshot?)]) async throws {
        try await producer.send(
            try profiles.map { id, snapshot in
                OutgoingMessage(
                    topic: cluster.topic("cdp.profiles"), key: "dev/\(id)",
                    value: try snapshot.map(Topics.profiles.encode))
            })
    }

    /// Publishes activity records.
    func publish(activity: [ActivityRecord]) async throws {
        try await producer.send(
            try activity.map {
                OutgoingMessage(
                    topic: cluster.topic("cdp.activity"), key: "dev/\($0.contactId)",
                    value: try Topics.activity.encode($0))
            })
    }

    /// A behaviour event of a contact, hours ago.
    static func activity(
        _ id: String, contact: String, event: String, _ properties: [String: JSONValue], hoursAgo: Double = 1
    ) -> ActivityRecord {
        ActivityRecord(
            id: id, tenant: "dev", contactId: contact, event: event, properties: properties,
            occurredAt: Timestamps.format(Date().addingTimeInterval(-hoursAgo * 3600)))
    }

    /// Waits until the projection holds `profiles` contacts and `activities` events of `dev`.
    func waitForProjection(profiles: Int, activities: Int = 0) async throws {
        let database = worker.database
        let done = try await eventually {
            try database.read { db in
                (try ProfileProjection.count(db, tenant: "dev"), try ActivityProjection.count(db, tenant: "dev"))
            } == (profiles, activities)
        }
        guard done else { throw RosterError.startup("the projection did not reach \(profiles)/\(activities)") }
    }

    /// Members of a segment as this instance holds them.
    func members(_ segment: String) throws -> Set<String> {
        try worker.database.read { db in
            try MembershipLedger(db: db, tenant: "dev", topicPrefix: "", now: Date()).members(segment: segment)
        }
    }

    /// Every membership message published so far (waits until at least `count` arrived).
    func membership(atLeast count: Int, timeout: Duration = .seconds(20)) async throws -> [SegmentMembershipChange] {
        try await TopicReader.read(
            cluster.topic("cdp.segment-membership"), cluster: cluster, atLeast: count, timeout: timeout
        )
        .compactMap { $0.value }.map(Topics.segmentMembership.decode)
    }

    /// The membership messages once `condition` holds for them (or the last read after 20 s). A message may be
    /// read more than once with its id, as consumers see redelivered messages.
    func membership(until condition: ([SegmentMembershipChange]) -> Bool) async throws -> [SegmentMembershipChange] {
        var messages: [SegmentMembershipChange] = []
        _ = try await eventually(timeout: .seconds(20)) {
            messages = try await membership(atLeast: .max, timeout: .seconds(1))
            return condition(messages)
        }
        return messages
    }

    /// Calls the API as the dev tenant's admin; returns the status and the JSON body.
    func call(_ method: String, _ path: String, body: Any? = nil, user: String? = nil) async throws -> (
        status: Int, json: [String: Any]
    ) {
        let (status, data) = try await HTTPCall.send(
            to: worker, method, path, json: body, headers: user.map { ["X-Roster-User": $0] } ?? [:])
        return (status, HTTPCall.object(data))
    }

    /// Stops the worker gracefully; returns whether it ended cleanly.
    func stop() async -> Bool {
        if case .failure = await group.stop() { return false }
        return true
    }

    /// Waits for the worker to end on its own (after a hook failed, say).
    func finished() async -> Result<Void, any Error> { await group.finished() }
}
