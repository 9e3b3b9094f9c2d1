import Foundation
import Logging
import RosterKafka
import RosterRuntime
import ServiceLifecycle

/// The embedded broker: librdkafka's mock cluster with every topic provisioned, its address written
/// into the dev profile, and a watch that warns when the capped in-memory log evicts what a worker
/// group has not read yet.
public final class DevBroker: Service, Sendable {
    /// The groups whose committed offsets the watch compares with each partition's log start.
    public static let watchedGroups = ["ingest", "identity-resolver", "segmenter", "social-sync", "exporter"]

    public let cluster: MockKafkaCluster
    private let topics: [TopicSpec]
    private let groups: [String]
    private let logger: Logger
    private let watchInterval: Duration

    /// Starts the cluster and provisions `topics`; the watch compares their log starts with `groups`' offsets.
    public init(
        topics: [TopicSpec], groups: [String] = DevBroker.watchedGroups,
        brokers: Int32 = MockKafkaCluster.embeddedBrokers,
        watchInterval: Duration = .seconds(5), logger: Logger
    ) throws {
        self.cluster = try MockKafkaCluster.make(brokers: brokers)
        try cluster.provision(topics)
        self.topics = topics
        self.groups = groups
        self.logger = logger
        self.watchInterval = watchInterval
    }

    /// Writes `ROSTER_BOOTSTRAP=<address>` into the profile at `path`, keeping its other lines.
    public func writeProfile(at path: String) throws {
        try DevProfile.set(["ROSTER_BOOTSTRAP": cluster.bootstrapServers], in: path)
    }

    /// Watches the log until shutdown.
    public func run() async throws {
        let admin = try KafkaAdmin.make(config: KafkaClientConfig(bootstrapServers: cluster.bootstrapServers))
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try await BlockingThread.run(name: "log-watch") { self.checkEvictions(admin) }
            try? await Task.sleep(for: watchInterval)
        }
    }

    /// A partition whose log start passed a group's committed offset: messages the group never read are gone.
    public struct Eviction: Sendable, Equatable {
        public var group: String
        public var partition: TopicPartition
        public var committed: Int64
        public var logStart: Int64
    }

    /// Finds and logs (as warnings) every partition whose log start passed a watched group's committed offset.
    @discardableResult
    public func checkEvictions(_ admin: KafkaAdmin) -> [Eviction] {
        var evictions: [Eviction] = []
        for topic in topics {
            let partitions = (0..<topic.partitions).map { TopicPartition(topic: topic.name, partition: $0) }
            for group in groups {
                guard let committed = try? admin.committedOffsets(group: group, partitions: partitions) else {
                    continue
                }
                for (partition, offset) in committed {
                    guard let marks = try? admin.watermarks(partition), marks.low > offset else { continue }
                    evictions.append(
                        Eviction(group: group, partition: partition, committed: offset, logStart: marks.low))
                    logger.warning(
                        "log start passed a group's committed offset: messages were evicted unread",
                        metadata: [
                            "kafka.group": "\(group)", "kafka.topic": "\(partition.topic)",
                            "kafka.partition": "\(partition.partition)", "kafka.committed": "\(offset)",
                            "kafka.log_start": "\(marks.low)",
                        ])
                }
            }
        }
        return evictions
    }
}
