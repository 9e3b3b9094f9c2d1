import ArgumentParser
import Foundation
import RosterModel

/// `roster status`: every worker's readiness and consumer lag; exits 3 unless all are ready.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show every worker's readiness and consumer lag.",
        discussion: "Asks each worker's /readyz. Exits 0 when all five are ready, 3 otherwise.")

    /// The exit status when a worker is not ready or not reachable.
    static let notReady: Int32 = 3

    @OptionGroup var common: CommonOptions

    @Option(help: "Seconds to wait for each worker.")
    var timeout: Double = 2

    func run() async throws {
        try await common.run { output in
            let profile = try Profile.load()
            let report = await StatusProbe(client: APIClient(token: nil, timeout: timeout)).report(profile: profile)
            try output.result(report) { report.table }
            if profile.file == nil, report.workers.contains(where: { $0.url == nil }) {
                output.progress(
                    "No \(DevEnvFile.defaultFolder)/\(DevEnvFile.name) was found here or above: export the worker "
                        + "URLs, set \(Profile.Setting.dataDir), or start the platform with `make run`.")
            }
            if !report.ready { throw ExitCode(Self.notReady) }
        }
    }
}

/// Asks every worker's `/readyz` at once; a worker without a URL or without an answer is a row, not a failure.
struct StatusProbe: Sendable {
    let client: APIClient

    /// The report over all five workers, in their fixed order.
    func report(profile: Profile) async -> StatusReport {
        let rows = await withTaskGroup(of: (Int, WorkerStatus).self) { group in
            for (index, worker) in Worker.allCases.enumerated() {
                group.addTask { (index, await status(of: worker, profile: profile)) }
            }
            var rows: [(Int, WorkerStatus)] = []
            for await row in group { rows.append(row) }
            return rows.sorted { $0.0 < $1.0 }.map(\.1)
        }
        return StatusReport(workers: rows)
    }

    private func status(of worker: Worker, profile: Profile) async -> WorkerStatus {
        let base: URL
        do {
            base = try profile.url(of: worker)
        } catch {
            let failure = CommonOptions.failure(from: error)
            let note = failure.details.first.flatMap { detail in detail.field.map { "\($0) \(detail.reason)" } }
            return WorkerStatus(
                worker: worker.name, url: nil, reachable: false, ready: false, error: note ?? failure.message)
        }
        do {
            let reply = try await client.send("GET", try Endpoint.url(base, path: "/readyz"))
            return WorkerStatus(worker: worker, url: base.absoluteString, readyz: reply)
        } catch {
            let reason = CommonOptions.failure(from: error).details.first?.reason ?? "\(error)"
            return WorkerStatus(
                worker: worker.name, url: base.absoluteString, reachable: false, ready: false, error: reason)
        }
    }
}
