import ArgumentParser
import Foundation
import Logging

/// The flags every worker takes. Each flag can also be given as an environment variable of the same
/// name (`--topic-prefix` ↔ `ROSTER_TOPIC_PREFIX`); a flag wins over the variable, which wins over the default.
public struct WorkerOptions: ParsableArguments {
    @Option(help: "Kafka bootstrap servers (env ROSTER_BOOTSTRAP, default 127.0.0.1:9092).")
    var bootstrap: String?

    @Option(help: "Prefix of every topic name (env ROSTER_TOPIC_PREFIX, default empty).")
    var topicPrefix: String?

    @Option(help: "Folder of the worker's SQLite file (env ROSTER_DATA_DIR, default .data).")
    var dataDir: String?

    @Option(help: "HTTP listen address (env ROSTER_HTTP_HOST, default 127.0.0.1).")
    var httpHost: String?

    @Option(help: "HTTP port, 0 for any free one (env ROSTER_HTTP_PORT, default per worker).")
    var httpPort: Int?

    @Option(help: "File of bearer tokens, one 'TOKEN TENANT ROLE' per line (env ROSTER_TOKENS_FILE).")
    var tokensFile: String?

    @Option(help: "Bearer tokens as TOKEN:TENANT:ROLE,... (env ROSTER_TOKENS).")
    var tokens: String?

    @Option(
        help:
            "Accept a Kafka cluster whose id differs from the recorded one: yes/no (env ROSTER_ACCEPT_NEW_CLUSTER, default no)."
    )
    var acceptNewCluster: String?

    @Option(help: "Kafka client tuning: embedded or standard (env ROSTER_KAFKA_TUNING, default embedded).")
    var kafkaTuning: String?

    @Option(help: "Most messages applied per transaction (env ROSTER_BATCH_SIZE, default 1000).")
    var batchSize: Int?

    @Option(
        help:
            "Least milliseconds between two sends of committed batches' messages; batches committed meanwhile leave together (env ROSTER_BATCH_LINGER_MS, default 10)."
    )
    var batchLingerMs: Int?

    @Option(
        help: "Log level: trace, debug, info, notice, warning, error, critical (env ROSTER_LOG_LEVEL, default info).")
    var logLevel: String?

    public init() {}

    /// Resolves flags, then environment, then defaults, into the worker's configuration.
    public func resolve(
        name: String, defaultPort: Int, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> WorkerConfig {
        func value(_ flag: String?, _ key: String) -> String? { flag ?? environment["ROSTER_\(key)"] }
        var tokenTable = TokenTable()
        if let path = value(tokensFile, "TOKENS_FILE") {
            tokenTable = try TokenTable(fileContents: String(contentsOfFile: path, encoding: .utf8))
        }
        if let inline = value(tokens, "TOKENS") { tokenTable.merge(try TokenTable(inline: inline)) }
        return WorkerConfig(
            name: name,
            bootstrapServers: value(bootstrap, "BOOTSTRAP") ?? "127.0.0.1:9092",
            topicPrefix: value(topicPrefix, "TOPIC_PREFIX") ?? "",
            dataDirectory: value(dataDir, "DATA_DIR") ?? ".data",
            httpHost: value(httpHost, "HTTP_HOST") ?? "127.0.0.1",
            httpPort: httpPort ?? environment["ROSTER_HTTP_PORT"].flatMap(Int.init) ?? defaultPort,
            tokens: tokenTable,
            acceptNewCluster: ["yes", "true", "1"].contains(
                value(acceptNewCluster, "ACCEPT_NEW_CLUSTER")?.lowercased() ?? "no"),
            kafkaTuning: value(kafkaTuning, "KAFKA_TUNING") ?? "embedded",
            batchSize: batchSize ?? environment["ROSTER_BATCH_SIZE"].flatMap(Int.init) ?? 1000,
            batchLinger: .milliseconds(batchLingerMs ?? environment["ROSTER_BATCH_LINGER_MS"].flatMap(Int.init) ?? 10),
            logLevel: value(logLevel, "LOG_LEVEL").flatMap(Logger.Level.init(rawValue:)) ?? .info
        )
    }
}
