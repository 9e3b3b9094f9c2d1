import ExporterCore
import Foundation
import GRDB
import RosterRuntime

/// Rows written per second by an export job's writer, reading the contacts from the SQLite projection of
/// `cdp.profiles` as the job does (its own read-only connection, one transaction), checksum included, with the
/// process's peak resident memory while it runs.
struct ExportThroughputBenchmark {
    let contacts: Int
    /// `csv`, `xlsx` or both.
    let formats: [String]

    /// The twelve attributes of every contact, in the file's column order.
    static let attributes = [
        "contact_id", "name", "mobile", "email", "gender", "location", "member_points", "order_count", "order_amount",
        "member_day", "last_purchase_at", "member_id",
    ]

    struct Result {
        var format: String
        var rows: Int
        var bytes: Int
        var seconds: Double
        /// CPU seconds (user + system) the process spent meanwhile: the figure a busy machine does not distort.
        var cpuSeconds: Double
        /// Peak resident memory (VmHWM, reset before the run) in MiB.
        var peakMegabytes: Double
        /// Resident memory when the run began, in MiB: the part of the peak that is not the export's.
        var startMegabytes: Double
    }

    /// Seeds the projection, then exports it as CSV and as XLSX; returns the seeding time and both runs.
    func run() throws -> (seedSeconds: Double, results: [Result]) {
        let directory = NSTemporaryDirectory() + "roster-bench-export-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let databasePath = (directory as NSString).appendingPathComponent("exporter.sqlite")
        let seedStarted = ContinuousClock.now
        try seed(databasePath)
        let seedSeconds = seedStarted.elapsed
        // The store is closed once its WAL checkpointer has let its connection go (within its one-second interval)
        // and SQLite has folded the log into the database; an export begun before reads every page through the log.
        let closing = ContinuousClock.now
        while FileManager.default.fileExists(atPath: databasePath + "-wal"), closing.elapsed < 10 {
            Thread.sleep(forTimeInterval: 0.05)
        }
        var results: [Result] = []
        for format in formats {
            let output = (directory as NSString).appendingPathComponent("export.\(format)")
            let file = ExportFile(
                tenant: "dev", scope: "category", target: "all", format: format, attributes: Self.attributes)
            ProcessUsage.resetPeak()
            let usageBefore = ProcessUsage.now()
            let started = ContinuousClock.now
            guard
                let summary = try file.write(
                    databasePath: databasePath, to: output, progressRows: 10_000, total: { _ in },
                    progress: { _ in true })
            else { throw RosterError.invalid("the export stopped early") }
            results.append(
                Result(
                    format: format, rows: summary.rows, bytes: summary.bytes, seconds: started.elapsed,
                    cpuSeconds: ProcessUsage.now().cpuSeconds - usageBefore.cpuSeconds,
                    peakMegabytes: Double(ProcessUsage.now().peakResidentBytes) / 1_048_576,
                    startMegabytes: Double(usageBefore.residentBytes) / 1_048_576))
            try? FileManager.default.removeItem(atPath: output)
        }
        return (seedSeconds, results)
    }

    /// Writes `contacts` snapshots into the projection in one transaction, then closes the store.
    private func seed(_ path: String) throws {
        let database = try WorkerDatabase.open(path: path) { migrator in
            ProfileProjection.registerMigrations(&migrator)
            MetadataCatalog.registerMigrations(&migrator)
        }
        try database.write { db in
            let insert = try db.makeStatement(
                sql: "INSERT INTO projected_profiles (tenant, contact_id, snapshot, updated_at) VALUES ('dev', ?, ?, ?)"
            )
            for index in 0..<contacts {
                let id = String(format: "c%07d", index)
                try insert.execute(arguments: [id, Self.snapshot(index, id: id), "2026-03-01T08:00:00Z"])
            }
        }
    }

    /// A snapshot as the resolver publishes it: identifiers, twelve attributes, tags, subscriptions.
    static func snapshot(_ index: Int, id: String) -> String {
        let mobile = String(8_613_900_000_000 + index)
        let email = "s\(index)@example.com"
        let day = 1 + index % 28
        return """
            {"schema":"roster.profile/v1","tenant":"dev","contact_id":"\(id)","event_id":"seed-\(index)",\
            "identifiers":{"email":["\(email)"],"mobile":["\(mobile)"]},\
            "attributes":{"name":"\(ResolverThroughputBenchmark.name(index))","mobile":"\(mobile)","email":"\(email)",\
            "gender":"\(index % 2 == 0 ? "female" : "male")","location":"Shanghai, district \(index % 16)",\
            "member_points":\(index % 5000),"order_count":\(index % 37),"order_amount":\(Double(index % 10_000) / 4),\
            "member_day":"2026-03-\(day < 10 ? "0" : "")\(day)","last_purchase_at":"2026-02-\(day < 10 ? "0" : "")\(day)T10:15:30Z",\
            "member_id":"M\(index)","created_at":"2025-11-20T00:00:00Z"},\
            "tags":["vip","newsletter"],"subscriptions":{"email":true,"global":true,"mobile":true},\
            "created_at":"2025-11-20T00:00:00Z","updated_at":"2026-03-01T08:00:00Z"}
            """
    }
}
