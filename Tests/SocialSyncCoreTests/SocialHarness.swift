import Foundation
import GRDB
import Logging
import RosterKafka
import RosterModel
import RosterRuntime
import RosterTestSupport
import Synchronization

@testable import SocialSyncCore

/// The social-sync worker on an in-process cluster with a real SQLite file, fed social events by a producer.
final class SocialHarness: Sendable {
    let cluster: TestCluster
    let directory: TemporaryDirectory
    let store: SocialStore
    let worker: WorkerContext
    private let launch: @Sendable () -> RunningGroup
    private let group: Mutex<RunningGroup?>
    private let producer: KafkaProducer
    private let sentinels = Mutex(0)

    /// The worker, running unless `start` is false (events can then be queued for it to find in one batch).
    init(start: Bool = true) throws {
        cluster = try TestCluster(partitions: 2)
        directory = try TemporaryDirectory()
        let built = try SocialSync.build(
            config: cluster.workerConfig(name: SocialSync.name, directory: directory.path),
            logger: Logger(label: "social"), imports: .init(chunkRows: 2, pollInterval: .milliseconds(50)))
        store = built.store
        worker = built.worker
        let launch: @Sendable () -> RunningGroup = { [services = built.group] in RunningGroup(services) }
        self.launch = launch
        group = Mutex(start ? launch() : nil)
        producer = try KafkaProducer.make(config: cluster.clientConfig, logger: Logger(label: "producer"))
    }

    /// An event of tenant `dev` at a given minute of 2026-11-20.
    static func event(
        _ id: String, _ type: String, channel: String = "line", user: String, minute: Int = 0,
        configure: (inout SocialEvent) -> Void = { _ in }
    ) -> SocialEvent {
        var event = SocialEvent(
            id: id, tenant: "dev", channel: channel, channelUserId: user, type: type,
            occurredAt: String(format: "2026-11-20T08:%02d:00Z", minute))
        configure(&event)
        return event
    }

    /// Publishes the events on the tenant's partition, in order, then waits until the worker applied all of them.
    func apply(_ events: [SocialEvent]) async throws {
        let sentinel = sentinels.withLock {
            $0 += 1
            return "sentinel-\($0)"
        }
        let marker = Self.event(sentinel, "profile_updated", channel: "wechat", user: "sentinel", minute: 59)
        try await send(events + [marker])
        let store = store
        guard try await eventually({ try store.hasApplied(sentinel) }) else {
            throw RosterError.startup("the worker did not apply \(sentinel)")
        }
    }

    /// Publishes events on their tenant's partition without waiting for them to be applied.
    func send(_ events: [SocialEvent]) async throws {
        let topic = cluster.topic("cdp.social-events")
        try await producer.send(
            try events.map {
                var message = OutgoingMessage(
                    topic: topic, key: "\($0.tenant)/\($0.channel)/\($0.channelUserId)",
                    value: try Topics.socialEvents.encode($0))
                message.partition = TenantPartitioner.partition(tenant: $0.tenant, count: cluster.partitions)
                return message
            })
    }

    /// One LINE (or other channel) contact of tenant `dev`.
    func contact(_ user: String, channel: Channel = .line) throws -> SocialContactSnapshot? {
        try store.contact(tenant: "dev", channel: channel, userID: user)
    }

    /// Calls the worker's HTTP API as the dev tenant's admin; returns the status and the JSON body (or raw text).
    func call(
        _ method: String, _ path: String, json: [String: Any]? = nil, body: Data? = nil
    ) async throws -> (status: Int, json: [String: Any], text: String) {
        let (status, data) = try await HTTPCall.send(to: worker, method, path, json: json, body: body)
        return (status, HTTPCall.object(data), String(decoding: data, as: UTF8.self))
    }

    /// Rows of a table that mention a user id, over every table that stores contacts.
    func rowsMentioning(_ user: String) throws -> Int {
        try worker.database.read { db in
            try Int.fetchOne(
                db,
                sql: """
                    SELECT (SELECT COUNT(*) FROM social_contacts WHERE channel_user_id = ?)
                        + (SELECT COUNT(*) FROM social_contact_tags t WHERE NOT EXISTS
                            (SELECT 1 FROM social_contacts c WHERE c.id = t.contact_row))
                    """, arguments: [user]) ?? 0
        }
    }

    /// Uploads a CSV to start an import, then waits until its job is settled; returns the upload's answer.
    func importCSV(_ csv: String, channel: String = "line", overwriteTags: Bool = false) async throws -> (
        status: Int, json: [String: Any]
    ) {
        try await importFile(Array(csv.utf8), query: "channel=\(channel)&overwrite_tags=\(overwriteTags)")
    }

    /// Uploads a file with the query's parameters to start an import, then waits until its job is settled; returns
    /// the upload's answer.
    func importFile(_ bytes: [UInt8], query: String) async throws -> (status: Int, json: [String: Any]) {
        let answer = try await call("POST", "/v1/social/imports?\(query)", body: Data(bytes))
        guard answer.status == 202, let job = answer.json["job"] as? [String: Any], let id = job["job_id"] as? String
        else { return (answer.status, answer.json) }
        let settled = try await eventually {
            let status = try await self.call("GET", "/v1/social/imports/\(id)").json["status"] as? String
            return status == "completed" || status == "failed" || status == "cancelled"
        }
        guard settled else { throw RosterError.startup("import \(id) did not settle") }
        try await apply([])
        return (answer.status, answer.json)
    }

    /// Starts the worker if it is not running.
    func start() {
        group.withLock { $0 = $0 ?? launch() }
    }

    func stop() async { _ = await group.withLock({ $0 })?.stop() }
}
