import ArgumentParser
import DevBrokerCore
import Foundation
import Logging
import RosterKafka
import RosterRuntime
import ServiceLifecycle
import UnixSignals

/// `dev-broker`: the embedded Kafka of `make run`, or topic provisioning on a real cluster.
@main
struct DevBrokerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev-broker", abstract: "Runs the embedded Kafka broker, or provisions topics on a real cluster.",
        subcommands: [Serve.self, Provision.self], defaultSubcommand: Serve.self)

    /// Hosts the mock cluster until SIGTERM or Ctrl-C.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Host the embedded broker until stopped.")

        @OptionGroup var topics: TopicOptions
        @Option(help: "Dev profile to write ROSTER_BOOTSTRAP into (env ROSTER_PROFILE, default .data/dev.env).")
        var profile: String?
        @Option(help: "Brokers of the mock cluster (env ROSTER_BROKERS, default 1).")
        var brokers: Int32?

        func run() async throws {
            let environment = ProcessInfo.processInfo.environment
            let logger = WorkerLogging.bootstrap(worker: "dev-broker", level: .info)
            let broker = try DevBroker(
                topics: topics.specs(environment),
                brokers: brokers ?? environment["ROSTER_BROKERS"].flatMap { Int32($0) }
                    ?? MockKafkaCluster.embeddedBrokers,
                logger: logger)
            let path = profile ?? environment["ROSTER_PROFILE"] ?? ".data/dev.env"
            try broker.writeProfile(at: path)
            logger.info(
                "embedded broker up",
                metadata: ["kafka.bootstrap": "\(broker.cluster.bootstrapServers)", "profile": "\(path)"])
            try await ServiceGroup(
                configuration: .init(
                    services: [.init(service: broker)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
            ).run()
        }
    }

    /// Creates missing topics on a real cluster with the admin API.
    struct Provision: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create every topic on a real Kafka cluster.")

        @Option(help: "Kafka bootstrap servers (env ROSTER_BOOTSTRAP).")
        var bootstrap: String?
        @OptionGroup var topics: TopicOptions

        func run() async throws {
            let environment = ProcessInfo.processInfo.environment
            guard let servers = bootstrap ?? environment["ROSTER_BOOTSTRAP"] else {
                throw ValidationError("give --bootstrap or ROSTER_BOOTSTRAP")
            }
            let admin = try KafkaAdmin.make(config: KafkaClientConfig(bootstrapServers: servers))
            let specs = topics.specs(environment)
            try admin.provision(specs)
            print("provisioned \(specs.count) topics on \(servers)")
        }
    }
}

/// The topic options both subcommands take.
struct TopicOptions: ParsableArguments {
    @Option(help: "Prefix of every topic name (env ROSTER_TOPIC_PREFIX, default empty).")
    var topicPrefix: String?
    @Option(help: "Partitions per topic (env ROSTER_PARTITIONS, default 6).")
    var partitions: Int32?

    /// Every topic of the system, with flags winning over the environment.
    func specs(_ environment: [String: String]) -> [TopicSpec] {
        TopicPlan.specs(
            prefix: topicPrefix ?? environment["ROSTER_TOPIC_PREFIX"] ?? "",
            partitions: partitions ?? environment["ROSTER_PARTITIONS"].flatMap(Int32.init) ?? 6)
    }
}
