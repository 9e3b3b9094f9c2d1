import CRosterKafka
import Foundation

/// librdkafka's mock cluster: real Kafka protocol on local TCP ports, log kept in memory.
///
/// The embedded broker of `dev-broker` and of the tests. Ports are chosen by the system; read
/// `bootstrapServers`. It does not implement CreateTopics: provision topics through this object.
public final class MockKafkaCluster: TopicProvisioner, @unchecked Sendable {
    private let host: RDKafkaClient
    private let cluster: OpaquePointer
    /// The `host:port,...` list clients connect to.
    public let bootstrapServers: String

    private init(host: RDKafkaClient, cluster: OpaquePointer) {
        self.host = host
        self.cluster = cluster
        self.bootstrapServers = String(cString: rd_kafka_mock_cluster_bootstraps(cluster))
    }

    /// Brokers of the embedded default. One thread serves all of a mock cluster's brokers, so more brokers add no
    /// capacity, only connections: each consumer fetches from every broker that leads one of its partitions, and an
    /// idle one asks each of them every `fetch.wait.max.ms`. The whole system at rest (dev-broker and five workers,
    /// debug build) used 26-29% of a core with three brokers and 18% with one.
    public static let embeddedBrokers: Int32 = 1

    /// Starts a cluster of `brokers` brokers in this process.
    public static func make(brokers: Int32 = embeddedBrokers) throws -> MockKafkaCluster {
        let host = try RDKafkaClient.make(type: .producer, properties: ["log_level": "3"])
        guard let cluster = host.withHandle({ rd_kafka_mock_cluster_new($0, brokers) }) else {
            throw KafkaError(.clientCreation, "the mock cluster did not start")
        }
        return MockKafkaCluster(host: host, cluster: cluster)
    }

    /// Creates each topic with its partition count (the replication factor is ignored).
    public func provision(_ topics: [TopicSpec]) throws {
        for topic in topics {
            let error = rd_kafka_mock_topic_create(cluster, topic.name, topic.partitions, 1)
            guard error == RD_KAFKA_RESP_ERR_NO_ERROR || error == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS else {
                throw KafkaError(.topicProvisioning, "\(topic.name): \(RDKafkaClient.describe(error))")
            }
        }
    }

    deinit {
        rd_kafka_mock_cluster_destroy(cluster)
    }
}
