import ExporterCore
import Foundation
import GRDB
import Logging
import RosterKafka
import RosterModel
import RosterRuntime
import RosterTestSupport
import Synchronization

/// The exporter running on an in-process cluster with a real SQLite file, fed profiles and memberships on its
/// topics and called over HTTP.
final class ExporterHarness: Sendable {
    let cluster: TestCluster
    let directory: TemporaryDirectory
    let worker: WorkerContext
    let store: ExportStore
    let folder: ExportFolder
    let group: RunningGroup
    private let publishedCounts = Mutex<[String: Int]>([:])

    /// Starts a worker; pass the cluster and folder of an earlier one to restart it on the same state.
    init(
        cluster: TestCluster? = nil, directory: TemporaryDirectory? = nil,
        settings: ExporterSettings = .init(pollInterval: .milliseconds(50), progressRows: 2),
        hooks: ExportRunner.Hooks = .init()
    ) throws {
        self.cluster = try cluster ?? TestCluster(partitions: 2)
        self.directory = try directory ?? TemporaryDirectory()
        let built = try Exporter.build(
            config: self.cluster.workerConfig(name: Exporter.name, directory: self.directory.path),
            logger: Logger(label: "exporter"), settings: settings, hooks: hooks)
        worker = built.worker
        store = built.store
        folder = built.folder
        group = RunningGroup(built.group)
    }

    /// Publishes contacts on `cdp.profiles` and waits until the read model holds them.
    func publish(_ snapshots: [ProfileSnapshot]) async throws {
        try await worker.publish(Topics.profiles, snapshots.map { (key: "\($0.tenant)/\($0.contactId)", value: $0) })
        let database = worker.database
        let expected = Set(snapshots.map { "\($0.tenant)/\($0.contactId)" })
        let arrived = try await eventually {
            let keys = try await database.read { db in
                try String.fetchSet(db, sql: "SELECT tenant || '/' || contact_id FROM projected_profiles")
            }
            return expected.isSubset(of: keys)
        }
        guard arrived else { throw RosterError.startup("the profiles did not reach the read model") }
    }

    /// Publishes membership changes (a nil change is a tombstone of the key) and waits until all are applied.
    func publish(memberships: [(key: String, change: SegmentMembershipChange?)]) async throws {
        let producer = worker.producer
        let topic = worker.topicName(Topics.segmentMembership)
        try producer.sendAndWait(
            try memberships.map {
                OutgoingMessage(topic: topic, key: $0.key, value: try $0.change.map(Topics.segmentMembership.encode))
            })
        try await settle(topic, published: memberships.count)
    }

    /// Publishes attribute definitions on `cdp.metadata` and waits until they are applied.
    func publish(definitions: [AttributeDefinition], tenant: String = "dev") async throws {
        try await worker.publish(
            Topics.metadata,
            definitions.map {
                (
                    key: "\(tenant)/attribute/\($0.key)",
                    value: ContactEvent(
                        id: "def-\($0.key)", tenant: tenant, type: .attributeDefined,
                        occurredAt: "2026-03-01T00:00:00Z", attributeDefinition: $0)
                )
            })
        try await settle(worker.topicName(Topics.metadata), published: definitions.count)
    }

    /// Waits until the worker has applied every message published on `topic` so far, `published` of them just now
    /// (the topics of a test's cluster are fresh, so their applied offsets add up to the messages published).
    func settle(_ topic: String, published: Int) async throws {
        let total = publishedCounts.withLock { counts in
            counts[topic, default: 0] += published
            return counts[topic, default: 0]
        }
        let database = worker.database
        let applied = try await eventually {
            let next = try await database.read { db in
                try Int.fetchOne(
                    db, sql: "SELECT SUM(next_offset) FROM roster_offsets WHERE topic = ?", arguments: [topic])
            }
            return (next ?? 0) >= total
        }
        guard applied else { throw RosterError.startup("the exporter did not apply \(topic)") }
    }

    /// Calls the API; returns the status and the body.
    func call(
        _ method: String, _ path: String, json: Any? = nil, token: String = TestTokens.admin
    ) async throws -> (status: Int, body: Data) {
        try await HTTPCall.send(to: worker, method, path, token: token, json: json)
    }

    /// Calls the API and reads a JSON object.
    func json(
        _ method: String, _ path: String, json body: Any? = nil, token: String = TestTokens.admin
    ) async throws -> (status: Int, json: [String: Any]) {
        let answer = try await call(method, path, json: body, token: token)
        return (answer.status, (try? JSONSerialization.jsonObject(with: answer.body) as? [String: Any]) ?? [:])
    }

    /// Requests an export over HTTP; returns its id.
    func request(_ body: [String: Any]) async throws -> String {
        let answer = try await json("POST", "/v1/exports", json: body)
        guard answer.status == 202, let id = answer.json["export_id"] as? String else {
            throw RosterError.invalid("the export was not accepted: \(answer.status) \(answer.json)")
        }
        return id
    }

    /// Waits until the job is settled; returns its last answer.
    func waitForSettled(_ exportID: String) async throws -> [String: Any] {
        var last: [String: Any] = [:]
        _ = try await eventually(timeout: .seconds(60)) {
            last = try await self.json("GET", "/v1/exports/\(exportID)").json
            return ["completed", "failed", "expired"].contains(last["status"] as? String ?? "")
        }
        return last
    }

    /// Downloads a job's file into the test folder; returns the status and the file's path.
    func download(_ exportID: String, token: String = TestTokens.admin) async throws -> (status: Int, path: String) {
        let answer = try await call("GET", "/v1/exports/\(exportID)/file", token: token)
        let path = (directory.path as NSString).appendingPathComponent("download-\(UUID().uuidString)")
        try answer.body.write(to: URL(fileURLWithPath: path))
        return (answer.status, path)
    }

    /// The result messages on `cdp.exports.results` once at least `count` are there (waiting at most `timeout`).
    func results(atLeast count: Int, timeout: Duration = .seconds(5)) async throws -> [(
        key: String?, result: ExportResult
    )] {
        try await TopicReader.read(
            cluster.topic("cdp.exports.results"), cluster: cluster, atLeast: count, timeout: timeout
        ).map { ($0.keyString, try Topics.exportResults.decode($0.value ?? [])) }
    }

    /// Stops the worker as SIGTERM would.
    func stop() async { _ = await group.stop() }
}

/// A membership change of a dev-tenant contact in a segment.
func membership(
    _ segment: String, _ contact: String, _ status: SegmentMembershipChange.Status, at time: String,
    tenant: String = "dev"
) -> (key: String, change: SegmentMembershipChange?) {
    (
        "\(tenant)/\(segment)/\(contact)",
        SegmentMembershipChange(
            id: "m-\(segment)-\(contact)-\(time)", tenant: tenant, segmentId: segment, contactId: contact,
            status: status, definitionVersion: 1, changedAt: time)
    )
}
