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

    @Option(help: "Messages per batch (one transaction) of the resolver benchmark's consumer.")
    var resolverBatchSize = 5000

    @Option(help: "Rows of the import preview benchmark's file (CSV and XLSX).")
    var importPreviewRows = 1_000_000

    @Option(help: "Rows the whole-import benchmark imports through the resolver.")
    var importRows = 100_000

    @Option(help: "Benchmarks to run, comma-separated: kafka, resolver, ingest, export, social, segmenter.")
    var only = "kafka,resolver,ingest,export,social,segmenter"

    @Option(help: "Contacts the export benchmark writes.")
    var exportContacts = 1_000_000

    @Option(help: "The formats the export benchmark writes, separated by commas.")
    var exportFormats = "csv,xlsx"

    @Option(help: "Channel contacts stored before the social-sync benchmark runs.")
    var socialContacts = 1_000_000

    @Option(help: "Social events the social-sync benchmark applies.")
    var socialEvents = 200_000

    @Option(help: "Rows of the social import file validated.")
    var socialImportRows = 200_000

    @Option(help: "Contacts in the segmenter's projection for the full-computation benchmark.")
    var segmentContacts = 1_000_000

    @Option(help: "Behaviour events in the segmenter's projection.")
    var segmentEvents = 10_000_000

    @Option(help: "Contact events per second for the segmenter's incremental latency benchmark (0 skips it).")
    var segmentRate = 1000

    @Option(help: "Seconds the incremental latency benchmark publishes for.")
    var segmentSeconds = 60

    @Option(
        help: """
            How long the latency benchmark's publisher (the upstream system) lingers to batch its contact events, \
            in milliseconds; its wait counts in the latency. The embedded broker finds a fetch's offset by walking \
            the partition's message sets from the oldest, so an upstream that sends each event in a batch of its \
            own makes every fetch slower as the run goes on (5 ms: p99 94.5 to 125.9 ms over 60 s).
            """)
    var segmentProducerLingerMs = 20

    func run() async throws {
        let selected = Set(only.split(separator: ",").map(String.init))
        if selected.contains("kafka") { try runKafka() }
        if selected.contains("resolver") { try await runResolver() }
        if selected.contains("ingest") { try await runIngest() }
        if selected.contains("export") { try runExport() }
        if selected.contains("social") { try await runSocial() }
        if selected.contains("segmenter") { try await runSegmenter() }
    }

    func runIngest() async throws {
        print("")
        print(
            "Ingest: \(importPreviewRows) rows (phone, e-mail, name and ten attributes; 2% repeat a phone, 1% malformed)"
        )
        print("uploaded over HTTP and previewed (parse + decode + validate + count), as `roster import preview` does.")
        let result = try await IngestImportBenchmark(
            cluster: try MockKafkaCluster.make(), previewRows: importPreviewRows, importRows: importRows
        ).run()
        for preview in result.previews {
            print(
                String(
                    format:
                        "%@ %.1f MB: %.2f s, %.0f rows/s (target %@), CPU %.2f µs/row; total %d, duplicate %d, invalid %d, importable %d",
                    preview.format, Double(preview.bytes) / 1_000_000, preview.seconds,
                    Double(importPreviewRows) / preview.seconds, preview.format == "csv" ? "≥ 300,000" : "≥ 100,000",
                    preview.cpuSeconds * 1e6 / Double(importPreviewRows),
                    preview.counts["total"] ?? -1, preview.counts["duplicate"] ?? -1, preview.counts["invalid"] ?? -1,
                    preview.counts["importable"] ?? -1))
        }
        print(
            "expected by construction (CSV; a short XLSX row is not ragged): duplicate \(result.expected.duplicate), invalid \(result.expected.invalid)"
        )
        print(
            String(
                format:
                    "peak resident memory of the process (ingest worker and benchmark) after both previews: %.0f MB "
                    + "(target ≤ 256 MB; %.0f MB resident before they began)",
                Double(result.peakResidentBytes) / 1_048_576, Double(result.startResidentBytes) / 1_048_576))
        for run in result.imports {
            print(
                String(
                    format:
                        "whole import of %d rows (new contacts), %@ mode, resolver in the same process: ingest published all in %.1f s (%.0f rows/s); resolver applied the last after %.1f s (%.0f rows/s end to end, target ≥ 50,000)",
                    result.importRows, run.mode, run.publishSeconds, Double(result.importRows) / run.publishSeconds,
                    run.resolvedSeconds, Double(result.importRows) / run.resolvedSeconds))
        }
    }

    func runExport() throws {
        print("")
        print(
            "Exporter: \(exportContacts) contacts × 12 attributes from the SQLite projection of cdp.profiles (category all,"
        )
        print("the job's own read-only connection), written as CSV and as XLSX and checksummed (SHA-256). Rows/s is")
        print(
            "wall-clock; rows per CPU second is what the process spent, the figure other load on the machine does not skew."
        )
        let (seedSeconds, results) = try ExportThroughputBenchmark(
            contacts: exportContacts, formats: exportFormats.split(separator: ",").map(String.init)
        ).run()
        print(String(format: "seeded %d snapshots in %.1f s", exportContacts, seedSeconds))
        for result in results {
            let target = result.format == "csv" ? "500,000" : "100,000"
            print(
                result.format.uppercased()
                    + String(
                        format: ": %d rows, %.1f MB in %.2f s: %.0f rows/s", result.rows,
                        Double(result.bytes) / 1_000_000, result.seconds, Double(result.rows) / result.seconds)
                    + " (target ≥ \(target)); "
                    + String(
                        format: "%.2f CPU s: %.0f rows per CPU second; ", result.cpuSeconds,
                        Double(result.rows) / result.cpuSeconds)
                    + String(
                        format: "peak memory %.0f MiB (target ≤ 200; %.0f MiB resident before it began)",
                        result.peakMegabytes, result.startMegabytes))
        }
    }

    func runSegmenter() async throws {
        print("")
        print("Segmenter: full computation of the documented model case over \(segmentContacts) contacts and")
        print("\(segmentEvents) events in its SQLite projection (30% in China, 10% form submits, 10% QR scans).")
        let result = try SegmenterBenchmark(contacts: segmentContacts, events: segmentEvents).run()
        print(
            String(
                format: "seeded in %.1f s; the model case reads %d of the events", result.seedSeconds,
                result.relevantEvents))
        print(
            String(
                format:
                    "resident columns the model case reads, loaded from SQLite (once, at start): %.2f s, %.0f MiB of memory; "
                    + "%.2f s without the (tenant, event) index (creating it: %.2f s); longest write meanwhile %.0f ms",
                result.loadSeconds, Double(result.columnBytes) / 1_048_576, result.loadWithoutIndexSeconds,
                result.indexSeconds, result.longestWriteDuringLoad * 1000))
        print(
            String(
                format:
                    "full computation (over the resident columns, memberships recorded): %.2f s in chunks of %d contacts "
                    + "(longest transaction %.0f ms), %.2f s in one transaction, %d members (target ≤ 2 s)",
                result.fullSeconds, result.chunk, result.longestChunkSeconds * 1000, result.fullOneTransactionSeconds,
                result.members))
        print(
            String(
                format:
                    "estimate (same plan over the resident columns, nothing recorded): %.0f ms (target ≤ 200 ms at 1,000,000 contacts)",
                result.estimateSeconds * 1000))
        print(
            String(
                format:
                    "estimate on an attribute no resident column holds (name starts with N1): %.2f s the first time "
                    + "(the column read from SQLite), %.0f ms the next",
                result.newColumnEstimateSeconds, result.newColumnEstimateAgainSeconds * 1000))
        print(
            String(
                format: "alternative: one SQL query with EXISTS and json_extract: %.2f s, %d members",
                result.sqlSeconds, result.sqlMembers))
        print(
            String(
                format: "alternative: evaluator alone over facts already in memory: %.3f s, %d members",
                result.inMemorySeconds, result.inMemoryMembers))
        guard segmentRate > 0 else { return }
        print("")
        print(
            "Segmenter incremental latency: \(segmentRate) contact events/s for \(segmentSeconds) s on cdp.contact-events,"
        )
        print(
            "each a new contact's email_open, through the resolver to an entry on cdp.segment-membership; "
                + "the publisher lingers \(segmentProducerLingerMs) ms, counted in the latency.")
        let latency = try await SegmenterLatencyBenchmark(
            cluster: try MockKafkaCluster.make(), rate: segmentRate, seconds: segmentSeconds,
            producerLinger: segmentProducerLingerMs
        ).run()
        func percentile(_ fraction: Double, of sorted: [Double]) -> Double {
            sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]
        }
        print(
            String(
                format: "%d sent, %d entries received: p50 %.1f ms, p99 %.1f ms, max %.1f ms (target p99 ≤ 100 ms)",
                latency.sent, latency.received, percentile(0.5, of: latency.latencies),
                percentile(0.99, of: latency.latencies), latency.latencies.last ?? Double.nan))
        print(
            "p99 of the events sent in each \(SegmenterLatencyBenchmark.window) s: "
                + latency.windows.map { String(format: "%.1f ms", percentile(0.99, of: $0)) }.joined(separator: ", "))
        print(
            "lag when the last event was published: resolver \(latency.resolverLag), segmenter \(latency.segmenterLag)")
        print(
            String(
                format:
                    "process CPU (resolver, segmenter, broker, client): %.2f s, %.3f ms per event; the broker's thread %.2f s",
                latency.cpuSeconds, latency.cpuSeconds * 1000 / Double(max(latency.sent, 1)),
                latency.brokerCPUSeconds))
    }

    func runResolver() async throws {
        print("")
        print("Identity resolver: \(resolverEvents) contact.upsert events on one partition of cdp.contact-events,")
        print("\(storedContacts) contacts stored first; mix 60% update, 30% new, 10% merge; normal mode (timeline,")
        print(
            "profile snapshot and activity published through the outbox); the producer is held to 25,000 messages of lag;"
        )
        print("the resolver applies batches of \(resolverBatchSize) messages.")
        let result = try await ResolverThroughputBenchmark(
            cluster: try MockKafkaCluster.make(), storedContacts: storedContacts, events: resolverEvents,
            batchSize: resolverBatchSize
        ).run()
        print(String(format: "seeded %d contacts in %.1f s", storedContacts, result.seedSeconds))
        print(
            String(
                format:
                    "resolved and durably applied %d events in %.2f s: %.0f events/s (target ≥ 50,000); %d messages published",
                result.events, result.seconds, Double(result.events) / result.seconds, result.profilesPublished))
        print(
            String(
                format: "CPU: %.0f µs per event for the whole process (resolver, producer and embedded broker)",
                result.cpuSeconds * 1_000_000 / Double(result.events)))
        print(
            String(
                format: "written: %.1f KiB per event (SQLite log frames and checkpoints), %.0f MiB/s",
                Double(result.writtenBytes) / 1024 / Double(result.events),
                Double(result.writtenBytes) / 1_048_576 / result.seconds))
        print(
            String(
                format: "(encoding the events with Foundation beforehand, not counted above: %.0f µs per event)",
                result.encodeSeconds * 1_000_000 / Double(result.events)))
        func percentile(_ values: [Double], _ fraction: Double) -> Double {
            values[min(values.count - 1, Int(Double(values.count) * fraction))]
        }
        for (field, milliseconds) in result.searchMilliseconds {
            print(
                String(
                    format: "fuzzy search on %@ (contains), %d contacts: p50 %.1f ms, p95 %.1f ms (target p95 ≤ 50 ms)",
                    field, storedContacts, percentile(milliseconds, 0.5), percentile(milliseconds, 0.95)))
        }
        print(
            String(
                format: "360° view (contact and merges): p50 %.2f ms, p95 %.2f ms (target p95 ≤ 20 ms)",
                percentile(result.viewMilliseconds, 0.5), percentile(result.viewMilliseconds, 0.95)))
    }

    func runKafka() throws {
        let cluster = try MockKafkaCluster.make()
        print(
            "Kafka throughput: \(messages) messages of \(payloadBytes) B, embedded broker (librdkafka 2.0.2 mock, \(MockKafkaCluster.embeddedBrokers) broker),"
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
