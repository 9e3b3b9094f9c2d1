import DevBrokerCore
import ExporterCore
import Foundation
import IdentityCore
import IngestCore
import Logging
import RosterKafka
import RosterRuntime
import RosterTestSupport
import SegmenterCore
import ServiceLifecycle
import SocialSyncCore

/// All five workers running in this process against one in-process cluster, each with its own SQLite file.
final class RunningSystem: Sendable {
    let cluster: TestCluster
    let directory: TemporaryDirectory
    let workers: [String: WorkerContext]
    let identityStore: IdentityStore
    private let groups: [RunningGroup]

    init() async throws {
        let cluster = try TestCluster(partitions: 3)
        let directory = try TemporaryDirectory()
        self.cluster = cluster
        self.directory = directory
        let logger = Logger(label: "e2e")
        func config(_ name: String) -> WorkerConfig { cluster.workerConfig(name: name, directory: directory.path) }
        let identity = try IdentityResolver.build(config: config(IdentityResolver.name), logger: logger)
        let ingest = try Ingest.build(config: config(Ingest.name), logger: logger)
        let segmenter = try Segmenter.build(config: config(Segmenter.name), logger: logger)
        let social = try SocialSync.build(config: config(SocialSync.name), logger: logger)
        let exporter = try Exporter.build(config: config(Exporter.name), logger: logger)
        identityStore = identity.store
        let workers = [
            IdentityResolver.name: identity.worker, Ingest.name: ingest.worker, Segmenter.name: segmenter.worker,
            SocialSync.name: social.worker, Exporter.name: exporter.worker,
        ]
        self.workers = workers
        groups = [identity.group, ingest.group, segmenter.group, social.group, exporter.group].map(RunningGroup.init)
        let allReady = try await eventually(timeout: .seconds(60)) {
            workers.values.allSatisfy { $0.readiness.isReady && $0.httpPort != nil }
        }
        guard allReady else { throw RosterError.startup("workers did not become ready") }
    }

    /// The base URL of a worker's HTTP server.
    func url(_ worker: String, _ path: String) -> URL {
        URL(string: "http://127.0.0.1:\(workers[worker]!.httpPort!)\(path)")!
    }

    /// Calls a worker's API; returns the status and the JSON body.
    func call(
        _ worker: String, _ method: String, _ path: String, token: String? = TestTokens.admin, body: Any? = nil
    ) async throws -> (status: Int, json: [String: Any]) {
        let (status, data) = try await HTTPCall.send(method, url(worker, path).absoluteString, token: token, json: body)
        return (status, HTTPCall.object(data))
    }

    /// Stops every worker gracefully; returns whether all ended cleanly.
    func stop() async -> Bool {
        var clean = true
        for group in groups {
            if case .failure = await group.stop() { clean = false }
        }
        return clean
    }
}
