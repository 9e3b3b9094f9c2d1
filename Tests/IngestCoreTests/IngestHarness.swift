import Foundation
import IngestCore
import Logging
import RosterKafka
import RosterModel
import RosterRuntime
import RosterTestSupport

/// The ingest worker running on an in-process cluster with a real SQLite file, called over HTTP as the dev
/// tenant's admin.
final class IngestHarness: Sendable {
    let cluster: TestCluster
    let directory: TemporaryDirectory
    let worker: WorkerContext
    let store: IngestStore
    let group: RunningGroup

    /// Starts a worker; pass the cluster and folder of an earlier one to restart it on the same state.
    init(
        cluster: TestCluster? = nil, directory: TemporaryDirectory? = nil,
        settings: ImportRunner.Settings = .init(chunkRows: 2, pollInterval: .milliseconds(50)),
        hooks: ImportRunner.Hooks = .init()
    ) throws {
        self.cluster = try cluster ?? TestCluster(partitions: 2)
        self.directory = try directory ?? TemporaryDirectory()
        let built = try Ingest.build(
            config: self.cluster.workerConfig(name: Ingest.name, directory: self.directory.path),
            logger: Logger(label: "ingest"), imports: settings, hooks: hooks)
        worker = built.worker
        store = built.store
        group = RunningGroup(built.group)
    }

    /// Calls the API; returns the status and the body.
    func call(
        _ method: String, _ path: String, body: Data? = nil, token: String = TestTokens.admin,
        headers: [String: String] = [:]
    ) async throws -> (status: Int, body: Data) {
        try await HTTPCall.send(to: worker, method, path, token: token, body: body, headers: headers)
    }

    /// Calls the API and reads a JSON object.
    func json(
        _ method: String, _ path: String, body: Data? = nil, token: String = TestTokens.admin,
        headers: [String: String] = [:]
    ) async throws -> (status: Int, json: [String: Any]) {
        let answer = try await call(method, path, body: body, token: token, headers: headers)
        return (answer.status, (try? JSONSerialization.jsonObject(with: answer.body) as? [String: Any]) ?? [:])
    }

    /// Uploads a file's bytes for a purpose; returns the preview.
    func upload(_ bytes: [UInt8], purpose: String, query: String = "") async throws -> (
        status: Int, json: [String: Any]
    ) {
        try await json("POST", "/v1/imports?purpose=\(purpose)&filename=test-file\(query)", body: Data(bytes))
    }

    /// Starts a job with a JSON body.
    func start(_ jobID: String, _ body: [String: Any] = [:]) async throws -> (status: Int, json: [String: Any]) {
        try await json("POST", "/v1/imports/\(jobID)/start", body: try JSONSerialization.data(withJSONObject: body))
    }

    /// Waits until the job reaches one of `states`; returns its last answer.
    func waitFor(_ jobID: String, _ states: Set<String>) async throws -> [String: Any] {
        var last: [String: Any] = [:]
        _ = try await eventually(timeout: .seconds(90)) {
            last = try await self.json("GET", "/v1/imports/\(jobID)").json
            return states.contains(last["status"] as? String ?? "")
        }
        return last
    }

    /// The contact events on the topic, in order, once at least `count` are there.
    func events(atLeast count: Int, timeout: Duration = .seconds(30)) async throws -> [(
        key: String?, event: ContactEvent
    )] {
        try await TopicReader.read(
            cluster.topic("cdp.contact-events"), cluster: cluster, atLeast: count, timeout: timeout
        )
        .sorted { ($0.partition, $0.offset) < ($1.partition, $1.offset) }
        .map { ($0.keyString, try Topics.contactEvents.decode($0.value ?? [])) }
    }

    /// Stops the worker as SIGTERM would.
    func stop() async { _ = await group.stop() }
}
