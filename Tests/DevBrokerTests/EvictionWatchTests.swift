import DevBrokerCore
import Foundation
import Logging
import RosterKafka
import Testing

@Suite("The dev broker's eviction watch", .timeLimit(.minutes(2)))
struct EvictionWatchTests {
    @Test func warnsWhenTheCappedLogDropsWhatAGroupHasNotRead() async throws {
        // Given a one-partition topic and a group that committed offset 1
        let logger = Logger(label: "test")
        let broker = try DevBroker(
            topics: [TopicSpec(name: "capped", partitions: 1)], groups: ["slow-reader"], logger: logger)
        let config = KafkaClientConfig(bootstrapServers: broker.cluster.bootstrapServers)
        var producerConfig = KafkaProducerConfig()
        producerConfig.compression = "none"
        let producer = try KafkaProducer.make(config: config, producer: producerConfig, logger: logger)
        let admin = try KafkaAdmin.make(config: config)
        try await producer.send([OutgoingMessage(topic: "capped", key: nil, value: [1])])
        let consumer = try KafkaConsumer.make(
            config: config,
            consumer: KafkaConsumerConfig(groupID: "slow-reader", assignment: .whole(topics: ["capped"])),
            positions: { _ in [:] }, logger: logger)
        try consumer.commit([TopicPartition(topic: "capped", partition: 0): 1])
        #expect(broker.checkEvictions(admin).isEmpty)

        // When more than the 5 MiB the mock keeps per partition is produced
        let block = [UInt8](repeating: 7, count: 900_000)
        for _ in 0..<8 { try await producer.send([OutgoingMessage(topic: "capped", key: nil, value: block)]) }

        // Then the watch names the group, the partition, its committed offset and the new log start
        let evictions = broker.checkEvictions(admin)
        #expect(evictions.count == 1)
        #expect(evictions.first?.group == "slow-reader")
        #expect(evictions.first?.committed == 1)
        #expect((evictions.first?.logStart ?? 0) > 1)
    }
}
