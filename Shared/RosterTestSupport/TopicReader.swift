import Foundation
import Logging
import RosterKafka

/// Reads whole topics from the beginning, for assertions on what a worker published.
public enum TopicReader {
    /// Every message of `topic` until `count` have arrived or `timeout` passes.
    /// The consumer polls, and closes, off the cooperative pool (`offThePool`).
    public static func read(
        _ topic: String, cluster: TestCluster, atLeast count: Int, timeout: Duration = .seconds(30)
    ) async throws -> [ConsumedMessage] {
        let config = cluster.clientConfig
        return try await offThePool {
            let consumer = try KafkaConsumer.make(
                config: config,
                consumer: KafkaConsumerConfig(
                    groupID: "reader-\(UUID().uuidString)", assignment: .whole(topics: [topic])),
                positions: { _ in [:] }, logger: Logger(label: "test-reader"))
            var messages: [ConsumedMessage] = []
            let deadline = ContinuousClock.now + timeout
            while messages.count < count && ContinuousClock.now < deadline {
                messages += try consumer.poll(maxMessages: 1000, timeout: .milliseconds(100))
            }
            return messages
        }
    }
}
