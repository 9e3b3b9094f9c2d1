import Foundation
import Logging
import RosterKafka
import RosterTestSupport
import Testing

@Suite("Kafka wrapper against the in-process mock cluster", .timeLimit(.minutes(2)))
struct KafkaRoundTripTests {
    let logger = Logger(label: "test")

    @Test func keyedMessagesWithHeadersRoundTrip() async throws {
        // Given a cluster and a producer
        let cluster = try TestCluster(extraTopics: ["round-trip"])
        let topic = cluster.topic("round-trip")
        let producer = try KafkaProducer.make(config: cluster.clientConfig, logger: logger)

        // When 100 keyed messages with headers are sent and acknowledged
        let sent = (0..<100).map { index in
            OutgoingMessage(
                topic: topic, key: "key-\(index % 7)", value: Array("value-\(index)".utf8),
                headers: [KafkaHeader(name: "index", string: String(index))])
        }
        try await producer.send(sent)

        // Then a group consumer reads exactly them, keys, values and headers intact
        let received = try await read(
            atLeast: 100, cluster: cluster,
            consumer: KafkaConsumerConfig(groupID: "round-trip", assignment: .group(topics: [topic])))
        #expect(received.count == 100)
        let byValue = Dictionary(
            uniqueKeysWithValues: received.map { (String(decoding: $0.value!, as: UTF8.self), $0) })
        for index in 0..<100 {
            let message = try #require(byValue["value-\(index)"])
            #expect(message.keyString == "key-\(index % 7)")
            #expect(message.header("index")?.stringValue == String(index))
        }
        #expect(producer.deliveredCount == 100)
        #expect(producer.failedCount == 0)
        // Messages of one key share a partition, in order
        let key3 = received.filter { $0.keyString == "key-3" }
        #expect(Set(key3.map(\.partition)).count == 1)
        #expect(key3.map(\.offset) == key3.map(\.offset).sorted())
    }

    @Test func fullLocalQueueHoldsTheProducerBackInsteadOfFailing() async throws {
        // Given a producer whose local queue holds only 10 messages
        let cluster = try TestCluster(partitions: 1, extraTopics: ["small-queue"])
        var settings = KafkaProducerConfig()
        settings.queueMessages = 10
        let producer = try KafkaProducer.make(config: cluster.clientConfig, producer: settings, logger: logger)

        // When 2,000 messages are produced without waiting
        for index in 0..<2000 {
            try producer.produce(
                OutgoingMessage(topic: cluster.topic("small-queue"), key: nil, value: Array("m\(index)".utf8)))
        }
        try producer.flush()

        // Then every one was delivered, in order, none refused
        #expect(producer.deliveredCount == 2000)
        #expect(producer.failedCount == 0)
        let admin = try KafkaAdmin.make(config: cluster.clientConfig)
        #expect(try admin.watermarks(TopicPartition(topic: cluster.topic("small-queue"), partition: 0)).high == 2000)
    }

    @Test func consumerStartsAtThePositionItsStoreRecorded() async throws {
        // Given 50 messages on a one-partition topic
        let cluster = try TestCluster(partitions: 1, extraTopics: ["positions"])
        let topic = cluster.topic("positions")
        let producer = try KafkaProducer.make(config: cluster.clientConfig, logger: logger)
        try await producer.send((0..<50).map { OutgoingMessage(topic: topic, key: nil, value: [UInt8($0)]) })

        // When the store says offset 30 is next
        let received = try await read(
            atLeast: 20, cluster: cluster,
            consumer: KafkaConsumerConfig(groupID: "positions", assignment: .group(topics: [topic])),
            positions: { partitions in Dictionary(uniqueKeysWithValues: partitions.map { ($0, 30) }) })

        // Then reading starts there
        #expect(received.map(\.offset) == Array(30..<50))
    }

    @Test func positionOutsideTheLogIsAnErrorNotAReset() async throws {
        // Given a partition with 5 messages
        let cluster = try TestCluster(partitions: 1, extraTopics: ["out-of-range"])
        let topic = cluster.topic("out-of-range")
        let producer = try KafkaProducer.make(config: cluster.clientConfig, logger: logger)
        try await producer.send((0..<5).map { OutgoingMessage(topic: topic, key: nil, value: [UInt8($0)]) })

        // When the stored position lies beyond the log
        let (failure, received) = try await offThePool { [logger, config = cluster.clientConfig] in
            let consumer = try KafkaConsumer.make(
                config: config,
                consumer: KafkaConsumerConfig(groupID: "out-of-range", assignment: .whole(topics: [topic])),
                positions: { partitions in Dictionary(uniqueKeysWithValues: partitions.map { ($0, 1000) }) },
                logger: logger)
            var failure: KafkaError?
            var received = 0
            let deadline = ContinuousClock.now + .seconds(20)
            while failure == nil && ContinuousClock.now < deadline {
                do {
                    received += try consumer.poll(maxMessages: 100, timeout: .milliseconds(200)).count
                } catch let error as KafkaError {
                    failure = error
                }
            }
            return (failure, received)
        }

        // Then polling reports offsetOutOfRange and never silently re-reads from the start
        #expect(failure?.kind == .offsetOutOfRange)
        #expect(received == 0)
    }

    @Test func lagGateWaitsForTheConsumerGroup() async throws {
        // Given 40 messages a group has not read
        let cluster = try TestCluster(partitions: 2, extraTopics: ["gated"])
        let topic = cluster.topic("gated")
        let producer = try KafkaProducer.make(config: cluster.clientConfig, logger: logger)
        try await producer.send((0..<40).map { OutgoingMessage(topic: topic, key: "k\($0)", value: [UInt8($0)]) })
        let admin = try KafkaAdmin.make(config: cluster.clientConfig)
        let gate = LagGate(admin: admin, group: "downstream", topic: topic, maxLag: 10)

        // Then the lag is counted from the log start and the gate holds the producer back
        #expect(try gate.currentLag().values.reduce(0, +) == 40)
        #expect(throws: KafkaError.self) { try gate.waitForRoom(timeout: .milliseconds(300)) }

        // When the group commits its progress, the gate opens
        try await offThePool { [logger, config = cluster.clientConfig] in
            let consumer = try KafkaConsumer.make(
                config: config,
                consumer: KafkaConsumerConfig(groupID: "downstream", assignment: .group(topics: [topic])),
                positions: { _ in [:] }, logger: logger)
            var offsets: [TopicPartition: Int64] = [:]
            var read = 0
            let deadline = ContinuousClock.now + .seconds(30)
            while read < 40 && ContinuousClock.now < deadline {
                for message in try consumer.poll(maxMessages: 100, timeout: .milliseconds(200)) {
                    offsets[message.topicPartition] = message.offset + 1
                    read += 1
                }
            }
            try consumer.commit(offsets)
            try gate.waitForRoom(timeout: .seconds(5))
        }
        #expect(try gate.currentLag().values.reduce(0, +) == 0)
    }

    @Test func aWaitingSendLeavesAtOnceWhateverTheLinger() async throws {
        // Given a producer that lingers 30 s to fill batches, connected by a first send
        let cluster = try TestCluster(partitions: 3, extraTopics: ["urgent"])
        let topic = cluster.topic("urgent")
        var settings = KafkaProducerConfig()
        settings.lingerMilliseconds = 30_000
        let producer = try KafkaProducer.make(config: cluster.clientConfig, producer: settings, logger: logger)
        try await producer.send([OutgoingMessage(topic: topic, key: "warm-up", value: [0])])

        // When a caller on a thread of its own sends 30 messages to three partitions and waits for them (timed there,
        // so that a busy test pool does not count)
        let messages = (0..<30).map { OutgoingMessage(topic: topic, key: "k\($0)", value: [UInt8($0)]) }
        let waited = try await offThePool {
            let started = ContinuousClock.now
            try producer.sendAndWait(messages)
            return ContinuousClock.now - started
        }

        // Then they are acknowledged long before the linger would have sent them (in milliseconds on an idle machine)
        #expect(waited < .seconds(10))
        #expect(producer.deliveredCount == 31)
    }

    @Test func mockClusterProvisionsTopicsWithTheirPartitionCounts() throws {
        // Given a cluster provisioned with every Roster topic in 3 partitions
        let cluster = try TestCluster(partitions: 3)
        let admin = try KafkaAdmin.make(config: cluster.clientConfig)

        // Then each exists with that count, and the cluster reports an id
        let counts = try admin.partitionCounts()
        #expect(counts[cluster.topic("cdp.contact-events")] == 3)
        #expect(counts[cluster.topic("cdp.dead-letter")] == 3)
        #expect(counts.keys.filter { $0.hasPrefix(cluster.prefix) }.count == 12)
        #expect(try !admin.clusterID().isEmpty)
    }

    /// What a consumer reads, polling off the pool until `count` messages arrived or 30 s passed.
    private func read(
        atLeast count: Int, cluster: TestCluster, consumer settings: KafkaConsumerConfig,
        positions: @escaping @Sendable ([TopicPartition]) -> [TopicPartition: Int64] = { _ in [:] }
    ) async throws -> [ConsumedMessage] {
        try await offThePool { [logger, config = cluster.clientConfig] in
            let consumer = try KafkaConsumer.make(
                config: config, consumer: settings, positions: positions, logger: logger)
            var received: [ConsumedMessage] = []
            let deadline = ContinuousClock.now + .seconds(30)
            while received.count < count && ContinuousClock.now < deadline {
                received += try consumer.poll(maxMessages: 500, timeout: .milliseconds(200))
            }
            return received
        }
    }
}
