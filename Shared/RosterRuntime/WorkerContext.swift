import Foundation
import GRDB
import Logging
import Prometheus
import RosterKafka
import RosterModel
import Synchronization

/// The parts one worker process shares between its consumers and its HTTP API: configuration,
/// the store, the producer, metrics and readiness. Made once at startup, before any service runs.
public final class WorkerContext: Sendable {
    public let config: WorkerConfig
    public let logger: Logger
    public let database: DatabasePool
    public let producer: KafkaProducer
    public let admin: KafkaAdmin
    public let metrics: WorkerMetrics
    public let readiness: Readiness
    /// Sends what transactions queued in the outbox; shared by everything in the process that publishes.
    public let outboxRelay: OutboxRelay
    /// What the cluster check found at startup.
    public let clusterOutcome: ClusterIdentity.Outcome
    private let boundPort = Mutex<Int?>(nil)
    private let routeList = Mutex<[String]>([])

    private init(
        config: WorkerConfig, logger: Logger, database: DatabasePool, producer: KafkaProducer, admin: KafkaAdmin,
        metrics: WorkerMetrics, readiness: Readiness, clusterOutcome: ClusterIdentity.Outcome
    ) {
        self.config = config
        self.logger = logger
        self.database = database
        self.producer = producer
        self.admin = admin
        self.metrics = metrics
        self.readiness = readiness
        self.outboxRelay = OutboxRelay(database: database, producer: producer, metrics: metrics)
        self.clusterOutcome = clusterOutcome
    }

    /// Opens the store, checks the Kafka cluster's identity against the recorded one, and connects a producer.
    /// Throws when the cluster differs and the configuration does not accept a new one.
    public static func connect(
        config: WorkerConfig, logger: Logger, migrations: (inout DatabaseMigrator) -> Void
    ) throws -> WorkerContext {
        let database = try WorkerDatabase.open(path: config.databasePath, migrations: migrations)
        let readiness = Readiness()
        readiness.markStoreOpen()
        let admin = try KafkaAdmin.make(config: config.kafka)
        let clusterID = try waitForClusterID(admin, logger: logger)
        let outcome = try ClusterIdentity.verify(database, clusterID: clusterID, acceptNew: config.acceptNewCluster)
        switch outcome {
        case .recorded: logger.info("recorded Kafka cluster", metadata: ["kafka.cluster": "\(clusterID)"])
        case .same: break
        case .replaced(let previous):
            logger.warning(
                "accepted a new Kafka cluster; reading it from its beginning",
                metadata: ["kafka.cluster": "\(clusterID)", "kafka.previous_cluster": "\(previous)"])
        }
        let producer = try KafkaProducer.make(config: config.kafka, logger: logger)
        return WorkerContext(
            config: config, logger: logger, database: database, producer: producer, admin: admin,
            metrics: WorkerMetrics(worker: config.name), readiness: readiness, clusterOutcome: outcome)
    }

    private static func waitForClusterID(_ admin: KafkaAdmin, logger: Logger) throws -> String {
        var lastError: (any Error)?
        for _ in 0..<6 {
            do { return try admin.clusterID(timeout: .seconds(5)) } catch { lastError = error }
            logger.warning("waiting for the Kafka cluster", metadata: ["error": "\(lastError!)"])
        }
        throw lastError!
    }

    /// The full name of a topic in this deployment.
    public func topicName<Value>(_ topic: Topic<Value>) -> String { topic.name(prefix: config.topicPrefix) }

    /// Publishes payloads and waits for the broker's acknowledgement of each (for HTTP writes).
    public func publish<Value>(_ topic: Topic<Value>, _ entries: [(key: String, value: Value)]) async throws {
        let name = topicName(topic)
        let messages = try entries.map { OutgoingMessage(topic: name, key: $0.key, value: try topic.encode($0.value)) }
        try await producer.send(messages)
        metrics.produced.increment(by: Int64(messages.count))
    }

    /// The HTTP port once the server listens (useful when configured with port 0).
    public var httpPort: Int? { boundPort.withLock { $0 } }

    func recordHTTPPort(_ port: Int) { boundPort.withLock { $0 = port } }

    /// Every route the HTTP server answers, as `METHOD /path/{parameter}`, for checking the OpenAPI document.
    public var routes: [String] { routeList.withLock { $0 } }

    func recordRoutes(_ routes: [String]) { routeList.withLock { $0 = routes } }
}
