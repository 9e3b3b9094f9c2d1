/// Connection settings shared by every Kafka client a process makes.
///
/// `properties` are librdkafka configuration keys; the presets below set the ones Roster relies on.
public struct KafkaClientConfig: Sendable {
    /// Comma-separated `host:port` list of brokers.
    public var bootstrapServers: String
    /// Extra librdkafka properties, applied last (they override the presets).
    public var properties: [String: String]

    public init(bootstrapServers: String, properties: [String: String] = [:]) {
        self.bootstrapServers = bootstrapServers
        self.properties = properties
    }

    /// Settings that make the embedded (mock) broker responsive: short group timeouts and fetch waits.
    /// They are also valid against a real cluster, only chattier.
    ///
    /// `fetch.wait.max.ms`: the mock answers a Fetch that finds nothing after this wait, and data produced meanwhile
    /// does not cut it short, so on each hop a message waits for the fetch in progress: up to 10 ms at 10, on each of
    /// the three hops from a contact event to its membership message. 5 halves that wait for twice the idle fetches.
    /// (In 20 s runs of the latency benchmark p50 was 39-42 ms at 10 and 28-31 ms at 2, with 5-10% more CPU per event
    /// at 2, where every idle consumer of every process would fetch 500 times a second from each broker.)
    public static let embeddedBrokerTuning: [String: String] = [
        "session.timeout.ms": "6000",
        "heartbeat.interval.ms": "1000",
        "fetch.wait.max.ms": "5",
        "topic.metadata.refresh.interval.ms": "10000",
    ]

    /// Keys that only consumers understand; producers and admin clients leave them out.
    static let consumerOnlyKeys: Set<String> = [
        "session.timeout.ms", "heartbeat.interval.ms", "fetch.wait.max.ms", "group.id",
    ]

    /// The extra properties without consumer-only keys.
    var nonConsumerProperties: [String: String] {
        properties.filter { !Self.consumerOnlyKeys.contains($0.key) }
    }
}

/// Producer settings on top of the connection.
public struct KafkaProducerConfig: Sendable {
    /// Compression codec for batches (`lz4`, `zstd`, `none`, ...). Default `lz4`.
    public var compression: String = "lz4"
    /// How long the producer waits to fill a batch, in milliseconds. Default 5.
    public var lingerMilliseconds: Int = 5
    /// Messages the local queue may hold before `produce` applies back-pressure. Default 100,000.
    public var queueMessages: Int = 100_000

    public init() {}
}

/// Consumer settings on top of the connection.
public struct KafkaConsumerConfig: Sendable {
    /// The consumer group (the worker's name).
    public var groupID: String
    /// How partitions are obtained: by group membership, or every partition of the topics.
    public var assignment: Assignment

    public init(groupID: String, assignment: Assignment) {
        self.groupID = groupID
        self.assignment = assignment
    }

    /// How a consumer obtains partitions.
    public enum Assignment: Sendable, Equatable {
        /// Join the group and receive a share of the topics' partitions.
        case group(topics: [String])
        /// Read every partition of the topics (tables read whole by every instance); no group membership.
        case whole(topics: [String])

        /// The topics either way.
        public var topics: [String] {
            switch self {
            case .group(let topics), .whole(let topics): topics
            }
        }
    }
}
