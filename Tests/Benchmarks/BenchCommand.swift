import ArgumentParser
import Foundation
import RosterKafka

/// `roster-bench`: the figures `make bench` prints.
@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roster-bench", abstract: "Measures Roster's throughput beside reference tools.")

    @Option(help: "Messages per run.")
    var messages = 1_000_000

    @Option(help: "Bytes per message.")
    var payloadBytes = 200

    @Option(help: "Partitions of each benchmark topic (the embedded broker keeps at most 5 MiB per partition).")
    var partitions: Int32 = 64

    @Option(help: "Contacts stored before the resolver benchmark runs.")
    var storedContacts = 1_000_000

    @Option(help: "Events the resolver benchmark resolves.")
    var resolverEvents = 200_000

    @Flag(help: "Run only the resolver benchmark.")
    var resolverOnly = false

    @Option(help: "Channel contacts stored before the social-sync benchmark runs.")
    var socialContacts = 1_000_000

    @Option(help: "Social events the social-sync benchmark applies.")
    var socialEvents = 200_000

    @Option(help: "Rows of the social import file validated.")
    var socialImportRows = 200_000

    @Flag(help: "Run only the social-sync benchmark.")
    var socialOnly = false

    func run() async throws {
        if !socialOnly {
            if !resolverOnly { try runKafka() }
            try await runResolver()
        }
        if !resolverOnly { try await runSocial() }
    }

    func runResolver() async throws {
        print("")
        print("Identity resolver: \(resolverEvents) contact.upsert events on one partition of cdp.contact-events,")
        print("\(storedContacts) contacts stored first; mix 60% update, 30% new, 10% merge; normal mode (timeline,")
        print(
            "profile snapshot and activity published through the outbox); the producer is held to 15,000 messages of lag."
        )
        let result = try await ResolverThroughputBenchmark(
            cluster: try MockKafkaCluster.make(), storedContacts: storedContacts, events: resolverEvents
        ).run()
        print(String(format: "seeded %d contacts in %.1f s", storedContacts, result.seedSeconds))
        print(
            String(
                format:
                    "resolved and durably applied %d events in %.2f s: %.0f events/s (target ≥ 50,000); %d messages published",
                result.events, result.seconds, Double(result.events) / result.seconds, result.profilesPublished))
        func percentile(_ values: [Double], _ fraction: Double) -> Double {
            values[min(values.count - 1, Int(Double(values.count) * fraction))]
        }
        print(
            String(
                format: "fuzzy search on name (contains), %d contacts: p50 %.1f ms, p95 %.1f ms (target p95 ≤ 50 ms)",
                storedContacts, percentile(result.searchMilliseconds, 0.5), percentile(result.searchMilliseconds, 0.95))
        )
        print(
            String(
                format: "360° view (contact and merges): p50 %.2f ms, p95 %.2f ms (target p95 ≤ 20 ms)",
                percentile(result.viewMilliseconds, 0.5), percentile(result.viewMilliseconds, 0.95)))
    }

    func runKafka() throws {
        let cluster = try MockKafkaCluster.make()
        print(
            "Kafka throughput: \(messages) messages of \(payloadBytes) B, embedded broker (librdkafka 2.0.2 mock, 3 brokers),"
        )
        print(
            "\(partitions) partitions per topic so the capped in-memory log keeps every message; producers idempotent, acks=all, lz4."
        )
        let results = try KafkaThroughputBenchmark(
            cluster: cluster, messages: messages, payloadBytes: payloadBytes, partitions: partitions
        ).run()
        print("")
        print("| tool           | operation                   | messages  | seconds | messages/s |")
        print("|----------------|-----------------------------|-----------|---------|------------|")
        for result in results {
            print(
                "| \(result.tool.padding(toLength: 14, withPad: " ", startingAt: 0)) | "
                    + "\(result.operation.padding(toLength: 27, withPad: " ", startingAt: 0)) | "
                    + "\(String(result.messages).leftPadded(9)) | \(String(format: "%7.2f", result.seconds)) | "
                    + "\(String(format: "%10.0f", result.rate)) |")
        }
        let wrapper = results.first { $0.tool == "roster wrapper" && $0.operation.hasPrefix("produce") }!
        let kcat = results.first { $0.tool == "kcat" && $0.operation.hasPrefix("produce") }!
        print("")
        print(String(format: "wrapper produce = %.0f%% of kcat (target ≥ 80%%)", 100 * wrapper.rate / kcat.rate))
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
