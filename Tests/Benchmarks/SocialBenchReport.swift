import Foundation
import RosterKafka

extension BenchCommand {
    /// Runs the social-sync benchmark and prints its figures beside the targets.
    func runSocial() async throws {
        print("")
        let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").first ?? "?"
        print("social-sync (load average \(load) on \(ProcessInfo.processInfo.activeProcessorCount) cores at start):")
        print("\(socialEvents) social events on one partition of cdp.social-events, \(socialContacts)")
        print(
            "LINE contacts stored first; mix 40% customer message, 20% team message, 10% push, 10% tag, 10% (un)subscribe,"
        )
        print(
            "10% new follower; snapshots and contact events published through the outbox; producer held to 15,000 lag.")
        let result = try await SocialSyncBenchmark(
            cluster: try MockKafkaCluster.make(), storedContacts: socialContacts, events: socialEvents,
            importRows: socialImportRows
        ).run()
        print(String(format: "seeded %d channel contacts in %.1f s", socialContacts, result.seedSeconds))
        print(
            String(
                format:
                    "durably applied %d social events in %.2f s: %.0f events/s (target ≥ 20,000); %d messages published",
                result.events, result.seconds, Double(result.events) / result.seconds, result.published))
        print(
            String(
                format:
                    "  the process used %.1f CPU s meanwhile (worker, in-process broker, producer): %.0f events per CPU s",
                result.applyCPUSeconds, Double(result.events) / result.applyCPUSeconds))
        print(
            String(
                format: "  written: %.1f KiB per event (SQLite log frames and checkpoints), %.0f MiB/s",
                Double(result.applyWrittenBytes) / 1024 / Double(result.events),
                Double(result.applyWrittenBytes) / 1_048_576 / result.seconds))
        let times = result.searchMilliseconds
        print(
            String(
                format:
                    "search tag=vip AND subscribed AND customer interaction in 30 days, %d contacts (~%d match): "
                    + "p50 %.1f ms, p95 %.1f ms (target p95 ≤ 50 ms); %.1f ms CPU per search",
                socialContacts, result.searchMatches, times[times.count / 2], times[times.count * 95 / 100],
                result.searchCPUSeconds * 1000 / Double(times.count)))
        print(
            String(
                format: "validated a %d-row LINE import file in %.2f s (target ≤ 2 s; %.2f CPU s), %d warnings",
                socialImportRows, result.validationSeconds, result.validationCPUSeconds, result.validationWarnings))
    }
}
