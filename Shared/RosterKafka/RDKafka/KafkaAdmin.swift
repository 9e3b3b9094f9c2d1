import CRosterKafka
import Foundation
import Logging

/// Cluster-level calls: the cluster id, topic provisioning, partition counts, watermarks and group lag.
public final class KafkaAdmin: TopicProvisioner, @unchecked Sendable {
    private let client: RDKafkaClient
    private let config: KafkaClientConfig
    private let lock = NSLock()
    private var groupReaders: [String: RDKafkaClient] = [:]

    private init(client: RDKafkaClient, config: KafkaClientConfig) {
        self.client = client
        self.config = config
    }

    /// Connects an administrative client.
    public static func make(config: KafkaClientConfig) throws -> KafkaAdmin {
        var properties = ["bootstrap.servers": config.bootstrapServers]
        properties.merge(config.nonConsumerProperties) { _, new in new }
        return KafkaAdmin(client: try RDKafkaClient.make(type: .producer, properties: properties), config: config)
    }

    /// The id the cluster reports; it changes when the cluster is replaced (a restarted dev broker).
    public func clusterID(timeout: Duration = .seconds(10)) throws -> String {
        guard let id = client.clusterID(timeoutMilliseconds: Int32(timeout.components.seconds * 1000)) else {
            throw KafkaError(
                .metadata, "no broker at \(config.bootstrapServers) answered with a cluster id", isRetriable: true)
        }
        return id
    }

    /// Partition counts of every topic the cluster has.
    public func partitionCounts() throws -> [String: Int32] {
        try client.partitionCounts(timeoutMilliseconds: 10_000)
    }

    /// The log start and end offsets of a partition.
    public func watermarks(_ partition: TopicPartition) throws -> (low: Int64, high: Int64) {
        try client.queryWatermarks(partition, timeoutMilliseconds: 5_000)
    }

    /// The group's committed offsets for the given partitions (absent where it never committed).
    public func committedOffsets(group: String, partitions: [TopicPartition]) throws -> [TopicPartition: Int64] {
        let reader = try groupReader(group)
        let list = RDKafkaTopicPartitionList(partitions.map { ($0, Int64(RD_KAFKA_OFFSET_INVALID)) })
        let error = reader.withHandle { handle in list.withPointer { rd_kafka_committed(handle, $0, 10_000) } }
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(
                .metadata, "committed offsets of \(group): \(RDKafkaClient.describe(error))", isRetriable: true)
        }
        var offsets: [TopicPartition: Int64] = [:]
        for (partition, offset) in list.entries() where offset >= 0 { offsets[partition] = offset }
        return offsets
    }

    /// Messages between the group's committed offset and the high watermark, per partition of `topic`.
    public func groupLag(group: String, topic: String) throws -> [Int32: Int64] {
        guard let count = try partitionCounts()[topic] else {
            throw KafkaError(.metadata, "topic \(topic) does not exist")
        }
        let partitions = (0..<count).map { TopicPartition(topic: topic, partition: $0) }
        let committed = try committedOffsets(group: group, partitions: partitions)
        var lag: [Int32: Int64] = [:]
        for partition in partitions {
            let marks = try watermarks(partition)
            lag[partition.partition] = max(0, marks.high - (committed[partition] ?? marks.low))
        }
        return lag
    }

    /// Creates missing topics with the admin API (CreateTopics). Not for the embedded broker, which lacks it.
    public func provision(_ topics: [TopicSpec]) throws {
        let existing = try partitionCounts()
        let missing = topics.filter { existing[$0.name] == nil }
        guard !missing.isEmpty else { return }
        var errorText = [CChar](repeating: 0, count: 512)
        let newTopics: [OpaquePointer?] = try missing.map { spec in
            guard let topic = rd_kafka_NewTopic_new(spec.name, spec.partitions, -1, &errorText, 512) else {
                throw KafkaError(.topicProvisioning, "\(spec.name): \(errorText.nullTerminatedString)")
            }
            for (key, value) in spec.config { _ = rd_kafka_NewTopic_set_config(topic, key, value) }
            return topic
        }
        defer { newTopics.forEach { rd_kafka_NewTopic_destroy($0) } }
        let queue = client.withHandle { rd_kafka_queue_new($0) }
        defer { rd_kafka_queue_destroy(queue) }
        var mutableTopics = newTopics
        client.withHandle { handle in
            mutableTopics.withUnsafeMutableBufferPointer {
                rd_kafka_CreateTopics(handle, $0.baseAddress, $0.count, nil, queue)
            }
        }
        guard let event = rd_kafka_queue_poll(queue, 30_000) else {
            throw KafkaError(.timeout, "CreateTopics did not answer in 30 s", isRetriable: true)
        }
        defer { rd_kafka_event_destroy(event) }
        if rd_kafka_event_error(event) != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw KafkaError(.topicProvisioning, String(cString: rd_kafka_event_error_string(event)))
        }
        var count = 0
        guard let result = rd_kafka_event_CreateTopics_result(event),
            let results = rd_kafka_CreateTopics_result_topics(result, &count)
        else { return }
        for index in 0..<count {
            let error = rd_kafka_topic_result_error(results[index])
            if error != RD_KAFKA_RESP_ERR_NO_ERROR && error != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS {
                let name = String(cString: rd_kafka_topic_result_name(results[index]))
                throw KafkaError(.topicProvisioning, "\(name): \(RDKafkaClient.describe(error))")
            }
        }
    }

    private func groupReader(_ group: String) throws -> RDKafkaClient {
        try lock.withLock {
            if let reader = groupReaders[group] { return reader }
            var properties = ["bootstrap.servers": config.bootstrapServers, "group.id": group]
            properties.merge(config.properties) { _, new in new }
            let reader = try RDKafkaClient.make(type: .consumer, properties: properties)
            groupReaders[group] = reader
            return reader
        }
    }
}
