import Foundation
import Logging
import RosterKafka

/// Everything a worker process is configured with. Each field's default is in its comment;
/// `WorkerOptions` maps flags and `ROSTER_*` environment variables onto it.
public struct WorkerConfig: Sendable {
    /// The worker's name; also its consumer group id and its database file's name.
    public var name: String
    /// Kafka bootstrap servers. Default `127.0.0.1:9092`.
    public var bootstrapServers: String
    /// Prefix of every topic name. Default empty.
    public var topicPrefix: String
    /// Folder holding the worker's SQLite file. Default `.data`.
    public var dataDirectory: String
    /// HTTP listen address. Default `127.0.0.1`.
    public var httpHost: String
    /// HTTP port; 0 picks a free one. Default per worker.
    public var httpPort: Int
    /// Bearer tokens and what they grant.
    public var tokens: TokenTable
    /// Start against a cluster whose id differs from the recorded one (state kept, offsets afresh). Default false.
    public var acceptNewCluster: Bool
    /// `embedded` (short group timeouts, 10 ms fetch waits) or `standard` (librdkafka defaults). Default `embedded`.
    public var kafkaTuning: String
    /// Most messages applied in one transaction. Default 1000.
    public var batchSize: Int
    /// The least time between two sends of committed batches' outgoing messages: batches committed meanwhile leave
    /// together, as fewer, larger message sets (the embedded broker's cost per fetch grows with their number), at the
    /// price of up to this much latency per worker an event crosses while it is busy. Default 10 ms.
    public var batchLinger: Duration
    /// Log level. Default `info`.
    public var logLevel: Logger.Level

    public init(
        name: String, bootstrapServers: String = "127.0.0.1:9092", topicPrefix: String = "",
        dataDirectory: String = ".data", httpHost: String = "127.0.0.1", httpPort: Int = 0,
        tokens: TokenTable = TokenTable(), acceptNewCluster: Bool = false, kafkaTuning: String = "embedded",
        batchSize: Int = 1000, batchLinger: Duration = .milliseconds(10), logLevel: Logger.Level = .info
    ) {
        self.name = name
        self.bootstrapServers = bootstrapServers
        self.topicPrefix = topicPrefix
        self.dataDirectory = dataDirectory
        self.httpHost = httpHost
        self.httpPort = httpPort
        self.tokens = tokens
        self.acceptNewCluster = acceptNewCluster
        self.kafkaTuning = kafkaTuning
        self.batchSize = batchSize
        self.batchLinger = batchLinger
        self.logLevel = logLevel
    }

    /// The Kafka connection these settings describe.
    public var kafka: KafkaClientConfig {
        KafkaClientConfig(
            bootstrapServers: bootstrapServers,
            properties: kafkaTuning == "embedded" ? KafkaClientConfig.embeddedBrokerTuning : [:])
    }

    /// The path of the worker's SQLite file.
    public var databasePath: String { (dataDirectory as NSString).appendingPathComponent("\(name).sqlite") }
}
