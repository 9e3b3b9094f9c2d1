import Foundation
import Logging
import RosterKafka

/// Reads whole topics from the beginning, for assertions on what a worker published.
public enum TopicReader {
    /// Every message of `topic` until `count` have arrived or `timeout` passes.
    public static func read(
        _ topic: String, cluster: TestCluster, atLeast count: Int, timeout: Duration = .seconds(30)
    ) throws -> [ConsumedMessage] {
        let consumer = try KafkaConsumer.make(
            config: cluster.clientConfig,
            consumer: KafkaConsumerConfig(groupID: "reader-\(UUID().uuidString)", assignment: .whole(topics: [topic])),
            positions: { _ in [:] }, logger: Logger(label: "test-reader"))
        var messages: [ConsumedMessage] = []
        let deadline = ContinuousClock.now + timeout
        while messages.count < count && ContinuousClock.now < deadline {
            messages += try consumer.poll(maxMessages: 1000, timeout: .milliseconds(100))
        }
        return messages
    }
}
