import Foundation

/// Holds a bulk producer back while a consumer group is too far behind on the target topic.
///
/// The embedded broker keeps at most ~5 MiB per partition and evicts silently, so a producer that
/// outruns its consumer loses data there. Before each chunk, `waitForRoom` reads the group's committed
/// offsets and the high watermarks and waits while any partition's lag exceeds `maxLag` messages.
public struct LagGate: Sendable {
    /// The group whose lag bounds the producer.
    public let group: String
    /// The topic being produced to.
    public let topic: String
    /// The most messages a partition may be behind before producing pauses. Default 20,000
    /// (about 4 MiB of uncompressed 200-byte events, inside the embedded broker's 5 MiB log).
    public let maxLag: Int64
    private let admin: KafkaAdmin

    public init(admin: KafkaAdmin, group: String, topic: String, maxLag: Int64 = 20_000) {
        self.admin = admin
        self.group = group
        self.topic = topic
        self.maxLag = maxLag
    }

    /// Current lag per partition of `topic` for `group` (a partition never committed counts from its log start).
    public func currentLag() throws -> [Int32: Int64] {
        try admin.groupLag(group: group, topic: topic)
    }

    /// Returns once every partition's lag is within the bound, or throws when `timeout` passes first.
    public func waitForRoom(timeout: Duration = .seconds(300), pollInterval: Duration = .milliseconds(100)) throws {
        let deadline = ContinuousClock.now + timeout
        while true {
            let worst = try currentLag().values.max() ?? 0
            if worst <= maxLag { return }
            guard ContinuousClock.now < deadline else {
                throw KafkaError(
                    .timeout, "group \(group) still \(worst) messages behind on \(topic)", isRetriable: true)
            }
            Thread.sleep(
                forTimeInterval: Double(pollInterval.components.attoseconds) / 1e18
                    + Double(pollInterval.components.seconds))
        }
    }
}
