import Foundation
import Logging
import RosterKafka
import RosterRuntime

/// An in-process mock Kafka cluster with every Roster topic provisioned under a unique prefix.
public final class TestCluster: Sendable {
    public let mock: MockKafkaCluster
    /// The unique topic prefix of this cluster's topics.
    public let prefix: String
    /// Partitions of each provisioned topic.
    public let partitions: Int32

    public init(partitions: Int32 = 3, extraTopics: [String] = []) throws {
        // Three brokers, so that a topic's partitions have different leaders, as on a real cluster.
        mock = try MockKafkaCluster.make(brokers: 3)
        prefix = "t\(UUID().uuidString.prefix(8).lowercased())."
        self.partitions = partitions
        try mock.provision(
            TopicPlan.specs(prefix: prefix, partitions: partitions)
                + extraTopics.map { TopicSpec(name: prefix + $0, partitions: partitions) })
    }

    /// Client settings for this cluster, tuned for the mock broker.
    public var clientConfig: KafkaClientConfig {
        KafkaClientConfig(bootstrapServers: mock.bootstrapServers, properties: KafkaClientConfig.embeddedBrokerTuning)
    }

    /// A worker configuration pointing at this cluster, with its data under `directory` and HTTP on a free port.
    public func workerConfig(name: String, directory: String, tokens: TokenTable = TestTokens.table) -> WorkerConfig {
        WorkerConfig(
            name: name, bootstrapServers: mock.bootstrapServers, topicPrefix: prefix, dataDirectory: directory,
            httpPort: 0, tokens: tokens, batchSize: 200, logLevel: .warning)
    }

    /// The environment of a worker process against this cluster, with its data under `directory`, accepting the admin
    /// token of `TestTokens`.
    public func workerEnvironment(directory: String, batchSize: Int? = nil) -> [String: String] {
        var environment = [
            "ROSTER_BOOTSTRAP": mock.bootstrapServers, "ROSTER_TOPIC_PREFIX": prefix, "ROSTER_DATA_DIR": directory,
            "ROSTER_TOKENS": "\(TestTokens.admin):dev:admin",
        ]
        if let batchSize { environment["ROSTER_BATCH_SIZE"] = String(batchSize) }
        return environment
    }

    /// The full name of a base topic name.
    public func topic(_ baseName: String) -> String { prefix + baseName }
}

/// Tokens every test worker accepts.
public enum TestTokens {
    public static let admin = "admin-token"
    public static let readOnly = "reader-token"
    public static let otherTenant = "other-token"
    public static let table = TokenTable([
        admin: Principal(tenant: "dev", role: .admin),
        readOnly: Principal(tenant: "dev", role: .readOnly),
        otherTenant: Principal(tenant: "acme", role: .admin),
    ])
}
