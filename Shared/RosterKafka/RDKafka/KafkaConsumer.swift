import CRosterKafka
import Foundation
import Logging

/// A Kafka consumer whose positions come from the caller's store, not from Kafka.
///
/// Offsets are never stored or committed automatically. On every assignment the consumer asks
/// `positions` (the offsets applied in the caller's database) and starts each partition there, or at the
/// beginning when the store has none. The group's committed offsets are only a report (lag): a partition that
/// moves to an instance whose store has not seen it is read from the beginning, so that the instance rebuilds that
/// partition's state rather than continuing another store's history. A stored position that has fallen out of
/// the log is reported as `.offsetOutOfRange`, never reset silently.
public final class KafkaConsumer: @unchecked Sendable {
    private let client: RDKafkaClient
    private let state: ConsumerState
    /// Topic names by handle, so that each message does not copy its topic's C string. Used by the polling thread only.
    private var topicNames: [OpaquePointer: String] = [:]

    private init(client: RDKafkaClient, state: ConsumerState) {
        self.client = client
        self.state = state
    }

    /// Connects and subscribes (group mode) or assigns every partition (whole mode).
    ///
    /// - Parameter positions: the next offset to read for each partition, as recorded with the applied data.
    public static func make(
        config: KafkaClientConfig, consumer: KafkaConsumerConfig,
        positions: @escaping @Sendable ([TopicPartition]) -> [TopicPartition: Int64], logger: Logger
    ) throws -> KafkaConsumer {
        var properties: [String: String] = [
            "bootstrap.servers": config.bootstrapServers,
            "group.id": consumer.groupID,
            "enable.auto.commit": "false",
            "enable.auto.offset.store": "false",
            "auto.offset.reset": "error",
            "partition.assignment.strategy": "cooperative-sticky",
            "enable.partition.eof": "false",
        ]
        properties.merge(config.properties) { _, new in new }
        let state = ConsumerState(positions: positions, logger: logger)
        let client = try RDKafkaClient.make(type: .consumer, properties: properties, opaqueObject: state) { conf in
            rd_kafka_conf_set_rebalance_cb(
                conf,
                { handle, error, partitions, opaque in
                    guard let handle, let opaque else { return }
                    let state = Unmanaged<ConsumerState>.fromOpaque(opaque).takeUnretainedValue()
                    state.rebalance(handle: handle, error: error, partitions: partitions)
                })
            rd_kafka_conf_set_offset_commit_cb(
                conf,
                { _, error, _, opaque in
                    guard let opaque, error != RD_KAFKA_RESP_ERR_NO_ERROR, error != RD_KAFKA_RESP_ERR__NO_OFFSET else {
                        return
                    }
                    // A commit sent while the group rebalances is refused; the next batch's commit carries the
                    // offsets again, so that is routine, not a warning.
                    let duringRebalance = [
                        RD_KAFKA_RESP_ERR_UNKNOWN_MEMBER_ID, RD_KAFKA_RESP_ERR_ILLEGAL_GENERATION,
                        RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS,
                    ].contains(error)
                    Unmanaged<ConsumerState>.fromOpaque(opaque).takeUnretainedValue().logger.log(
                        level: duringRebalance ? .debug : .warning, "advisory offset commit failed",
                        metadata: ["kafka.error": "\(RDKafkaClient.describe(error))"])
                })
        }
        client.withHandle { _ = rd_kafka_poll_set_consumer($0) }
        let kafkaConsumer = KafkaConsumer(client: client, state: state)
        switch consumer.assignment {
        case .group(let topics): try kafkaConsumer.subscribe(topics)
        case .whole(let topics): try kafkaConsumer.assignWhole(topics)
        }
        return kafkaConsumer
    }

    /// The partitions this consumer currently reads.
    public var assignment: Set<TopicPartition> { state.assigned }

    /// Whether the consumer has received its first assignment (a group may legitimately give it none).
    public var hasJoined: Bool { state.joined }

    /// Blocks up to `timeout` for the first message, then takes what is already fetched, up to `maxMessages`.
    /// Messages of partitions revoked during the call are dropped: their new owner reads them.
    public func poll(maxMessages: Int, timeout: Duration) throws -> [ConsumedMessage] {
        var batch: [ConsumedMessage] = []
        var wait = Int32(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        while batch.count < maxMessages {
            let next = client.withHandle { rd_kafka_consumer_poll($0, wait) }
            wait = 0
            let revoked = state.takeRevoked()
            if !revoked.isEmpty {
                batch.removeAll { revoked.contains($0.topicPartition) }
            }
            guard let next else { break }
            defer { rd_kafka_message_destroy(next) }
            if let message = try read(next) {
                if !revoked.contains(message.topicPartition) { batch.append(message) }
            }
            if !revoked.isEmpty { break }
        }
        return batch
    }

    private func read(_ raw: UnsafeMutablePointer<rd_kafka_message_t>) throws -> ConsumedMessage? {
        let message = raw.pointee
        guard message.err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            let topic = message.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? "?"
            let text = "\(topic)[\(message.partition)]@\(message.offset): \(RDKafkaClient.describe(message.err))"
            switch message.err {
            case RD_KAFKA_RESP_ERR__AUTO_OFFSET_RESET, RD_KAFKA_RESP_ERR_OFFSET_OUT_OF_RANGE:
                throw KafkaError(.offsetOutOfRange, text)
            case RD_KAFKA_RESP_ERR__PARTITION_EOF:
                return nil
            case RD_KAFKA_RESP_ERR__FATAL:
                throw KafkaError(.consume, text, isFatal: true)
            default:
                state.logger.warning("kafka consumer error", metadata: ["kafka.error": "\(text)"])
                return nil
            }
        }
        var timestampType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let timestamp = rd_kafka_message_timestamp(raw, &timestampType)
        return ConsumedMessage(
            topic: topicName(message.rkt),
            partition: message.partition,
            offset: message.offset,
            key: message.key.map { Array(UnsafeRawBufferPointer(start: $0, count: message.key_len)) },
            value: message.payload.map { Array(UnsafeRawBufferPointer(start: $0, count: message.len)) },
            headers: RDKafkaHeaders.read(raw),
            timestampMilliseconds: timestampType == RD_KAFKA_TIMESTAMP_NOT_AVAILABLE ? nil : timestamp
        )
    }

    private func topicName(_ handle: OpaquePointer) -> String {
        if let name = topicNames[handle] { return name }
        let name = String(cString: rd_kafka_topic_name(handle))
        topicNames[handle] = name
        return name
    }

    /// Records `offsets` (the next offset to read) as the group's committed positions. Advisory: the
    /// caller's store is the source of truth; this lets another instance that takes a partition over
    /// start where this one stopped. Blocks until the coordinator answers.
    public func commit(_ offsets: [TopicPartition: Int64]) throws {
        try commit(offsets, waiting: true)
    }

    /// Sends `offsets` as the group's committed positions, like `commit`, without waiting for the coordinator: a
    /// failure is logged when a later `poll` serves its answer. Closing the consumer waits for commits in flight.
    ///
    /// The consume loop commits after every batch; waiting put one round trip to the coordinator between each batch
    /// and the next poll, on every hop of an event through the workers.
    public func startCommit(_ offsets: [TopicPartition: Int64]) throws {
        try commit(offsets, waiting: false)
    }

    private func commit(_ offsets: [TopicPartition: Int64], waiting: Bool) throws {
        guard !offsets.isEmpty else { return }
        let list = RDKafkaTopicPartitionList(offsets)
        let error = client.withHandle { handle in list.withPointer { rd_kafka_commit(handle, $0, waiting ? 0 : 1) } }
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR || error == RD_KAFKA_RESP_ERR__NO_OFFSET else {
            throw KafkaError(.commit, RDKafkaClient.describe(error), isRetriable: true)
        }
    }

    /// Messages between this consumer's position and the high watermark, per assigned partition.
    public func lag() -> [TopicPartition: Int64] {
        let partitions = Array(state.assigned)
        guard !partitions.isEmpty else { return [:] }
        let list = RDKafkaTopicPartitionList(partitions.map { ($0, Int64(RD_KAFKA_OFFSET_INVALID)) })
        client.withHandle { handle in list.withPointer { _ = rd_kafka_position(handle, $0) } }
        var lags: [TopicPartition: Int64] = [:]
        for (partition, position) in list.entries() {
            var low: Int64 = 0
            var high: Int64 = 0
            let error = client.withHandle {
                rd_kafka_get_watermark_offsets($0, partition.topic, partition.partition, &low, &high)
            }
            guard error == RD_KAFKA_RESP_ERR_NO_ERROR, high >= 0 else { continue }
            lags[partition] = position >= 0 ? max(0, high - position) : max(0, high - low)
        }
        return lags
    }

    private func subscribe(_ topics: [String]) throws {
        let list = RDKafkaTopicPartitionList(
            topics.map { (TopicPartition(topic: $0, partition: RD_KAFKA_PARTITION_UA), Int64(0)) })
        let error = client.withHandle { handle in list.withPointer { rd_kafka_subscribe(handle, $0) } }
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(.consume, "subscribe \(topics): \(RDKafkaClient.describe(error))")
        }
    }

    private func assignWhole(_ topics: [String]) throws {
        let counts = try client.partitionCounts(timeoutMilliseconds: 10_000)
        var partitions: [TopicPartition] = []
        for topic in topics {
            guard let count = counts[topic] else {
                throw KafkaError(.metadata, "topic \(topic) does not exist; provision topics first")
            }
            partitions += (0..<count).map { TopicPartition(topic: topic, partition: $0) }
        }
        let stored = state.positions(partitions)
        let list = RDKafkaTopicPartitionList(partitions.map { ($0, stored[$0] ?? Int64(RD_KAFKA_OFFSET_BEGINNING)) })
        let error = client.withHandle { handle in list.withPointer { rd_kafka_assign(handle, $0) } }
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(.consume, "assign \(topics): \(RDKafkaClient.describe(error))")
        }
        state.recordAssigned(partitions)
    }
}

/// What the rebalance callback shares with the consumer: positions, assignment, revocations.
final class ConsumerState: @unchecked Sendable {
    let positions: @Sendable ([TopicPartition]) -> [TopicPartition: Int64]
    let logger: Logger
    private let lock = NSLock()
    private var current: Set<TopicPartition> = []
    private var revoked: Set<TopicPartition> = []
    private var hasJoined = false

    init(positions: @escaping @Sendable ([TopicPartition]) -> [TopicPartition: Int64], logger: Logger) {
        self.positions = positions
        self.logger = logger
    }

    var assigned: Set<TopicPartition> { lock.withLock { current } }
    var joined: Bool { lock.withLock { hasJoined } }

    func recordAssigned(_ partitions: [TopicPartition]) {
        lock.withLock {
            current.formUnion(partitions)
            revoked.subtract(partitions)
            hasJoined = true
        }
    }

    func takeRevoked() -> Set<TopicPartition> {
        lock.withLock {
            defer { revoked.removeAll() }
            return revoked
        }
    }

    /// Runs on the polling thread, inside `rd_kafka_consumer_poll`.
    func rebalance(
        handle: OpaquePointer, error: rd_kafka_resp_err_t,
        partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
    ) {
        let cooperative = String(cString: rd_kafka_rebalance_protocol(handle)) == "COOPERATIVE"
        let list = RDKafkaTopicPartitionList(borrowing: partitions)
        let changed = list.entries().map(\.0)
        if error == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS {
            list.withPointer { pointer in
                let stored = positions(changed)
                list.updateOffsets { partition, _ in stored[partition] ?? Int64(RD_KAFKA_OFFSET_BEGINNING) }
                if cooperative {
                    if let failure = rd_kafka_incremental_assign(handle, pointer) { rd_kafka_error_destroy(failure) }
                } else {
                    _ = rd_kafka_assign(handle, pointer)
                }
            }
            recordAssigned(changed)
            logger.info("partitions assigned", metadata: ["kafka.partitions": "\(changed.map(\.description))"])
        } else {
            if cooperative {
                list.withPointer {
                    if let failure = rd_kafka_incremental_unassign(handle, $0) { rd_kafka_error_destroy(failure) }
                }
            } else {
                _ = rd_kafka_assign(handle, nil)
            }
            lock.withLock {
                let gone = cooperative ? Set(changed) : current
                current.subtract(gone)
                revoked.formUnion(gone)
                hasJoined = true
            }
            logger.info("partitions revoked", metadata: ["kafka.partitions": "\(changed.map(\.description))"])
        }
    }
}
