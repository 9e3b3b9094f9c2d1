import Foundation
import GRDB
import IdentityCore
import IngestCore
import Logging
import RosterKafka
import RosterModel
import RosterRuntime
import ServiceLifecycle

/// Import figures: upload + parse + validate + preview of a large CSV and of the same rows as XLSX, through the
/// ingest worker's HTTP API as `roster import preview` does; then a whole import through the resolver.
struct IngestImportBenchmark {
    let cluster: MockKafkaCluster
    let previewRows: Int
    let importRows: Int
    let logger = Logger(label: "bench")

    struct PreviewFigure {
        var format: String
        var bytes: Int
        var seconds: Double
        /// CPU seconds the process (the ingest worker's side of the upload and the preview) spent on it.
        var cpuSeconds: Double
        var counts: [String: Int]
    }

    struct Result {
        var previews: [PreviewFigure]
        var expected: (duplicate: Int, invalid: Int)
        /// Peak resident memory of the process after the previews (the ingest worker and this benchmark).
        var peakResidentBytes: Int
        /// Resident memory when the previews began: what earlier sections of the run left, not the previews' own.
        var startResidentBytes: Int
        var importRows: Int
        /// The whole imports: normal mode, then fast mode of as many other rows.
        var imports: [ImportFigure]
    }

    struct ImportFigure {
        var mode: String
        var publishSeconds: Double
        var resolvedSeconds: Double
    }

    func run() async throws -> Result {
        let prefix = "ingest."
        try cluster.provision(TopicPlan.specs(prefix: prefix, partitions: 4))
        let directory = NSTemporaryDirectory() + "roster-bench-ingest-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }

        let generator = ImportFileGenerator(rows: previewRows)
        let csv = directory + "/contacts.csv"
        let xlsx = directory + "/contacts.xlsx"
        try generator.writeCSV(to: csv)
        try generator.writeXLSX(to: xlsx)

        let config = WorkerConfig(
            name: Ingest.name, bootstrapServers: cluster.bootstrapServers, topicPrefix: prefix,
            dataDirectory: directory + "/ingest", httpPort: 0, tokens: BenchAPI.tokens, logLevel: .warning)
        let ingest = try Ingest.build(config: config, logger: logger)
        let running = Task { try await ingest.group.run() }
        defer { running.cancel() }
        while ingest.worker.httpPort == nil { try await Task.sleep(for: .milliseconds(20)) }
        let api = BenchAPI(port: ingest.worker.httpPort!)

        ProcessUsage.resetPeak()
        let startResident = ProcessUsage.now().residentBytes
        var previews: [PreviewFigure] = []
        for (format, path) in [("csv", csv), ("xlsx", xlsx)] {
            let started = ContinuousClock.now
            let cpuBefore = ProcessUsage.now().cpuSeconds
            let answer = try api.upload(path, query: "purpose=add&filename=contacts.\(format)")
            previews.append(
                PreviewFigure(
                    format: format, bytes: try Self.size(path), seconds: started.elapsed,
                    cpuSeconds: ProcessUsage.now().cpuSeconds - cpuBefore,
                    counts: answer.compactMapValues { $0 as? Int }))
        }
        let peak = ProcessUsage.now().peakResidentBytes

        let resolverConfig = WorkerConfig(
            name: IdentityResolver.name, bootstrapServers: cluster.bootstrapServers, topicPrefix: prefix,
            dataDirectory: directory + "/resolver", httpPort: 0, batchSize: 5000, logLevel: .warning)
        let resolver = try IdentityResolver.build(config: resolverConfig, logger: logger)
        let resolving = Task { try await resolver.group.run() }
        defer { resolving.cancel() }
        while !resolver.worker.readiness.isReady { try await Task.sleep(for: .milliseconds(50)) }
        var imports: [ImportFigure] = []
        for (index, mode) in ["normal", "fast"].enumerated() {
            let file = ImportFileGenerator(rows: importRows, start: index * 10_000_000)
            imports.append(
                try await runImport(
                    file, mode: mode, ingest: ingest, resolver: resolver, api: api, directory: directory))
        }
        await ingest.group.triggerGracefulShutdown()
        _ = try? await running.value
        return Result(
            previews: previews, expected: generator.expectedCounts, peakResidentBytes: peak,
            startResidentBytes: startResident, importRows: importRows, imports: imports)
    }

    /// Imports a file's rows, all new contacts, in a mode; returns the seconds until ingest had published every row
    /// and until the resolver had applied the last one.
    private func runImport(
        _ file: ImportFileGenerator, mode: String,
        ingest: (group: ServiceGroup, worker: WorkerContext, store: IngestStore),
        resolver: (group: ServiceGroup, worker: WorkerContext, store: IdentityStore), api: BenchAPI, directory: String
    ) async throws -> ImportFigure {
        let csv = directory + "/import-\(mode).csv"
        try file.writeCSV(to: csv)
        let preview = try api.upload(csv, query: "purpose=add&filename=import.csv")
        let jobID = preview["job_id"] as! String
        let importable = preview["importable"] as! Int
        let appliedBefore = try await resolver.worker.database.read { try Checkpoints.appliedCount($0) }
        let started = ContinuousClock.now
        _ = try api.call("POST", "/v1/imports/\(jobID)/start", body: Data(#"{"mode":"\#(mode)"}"#.utf8))
        var published: Double?
        while true {
            if published == nil,
                try ingest.store.job(jobID: jobID, tenant: "dev").status.rawValue == "completed"
            {
                published = started.elapsed
            }
            let applied = try await resolver.worker.database.read { try Checkpoints.appliedCount($0) }
            if applied >= appliedBefore + importable, let published {
                return ImportFigure(mode: mode, publishSeconds: published, resolvedSeconds: started.elapsed)
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    private static func size(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }
}

/// Calls a worker's API with `curl`, which streams uploads from the file so that the benchmark's own memory does
/// not hold them.
struct BenchAPI {
    let port: Int
    static let token = "bench-admin-token"
    static let tokens = TokenTable([token: Principal(tenant: "dev", role: .admin)])

    func upload(_ path: String, query: String) throws -> [String: Any] {
        try curl(["-X", "POST", "--data-binary", "@\(path)", "http://127.0.0.1:\(port)/v1/imports?\(query)"])
    }

    func call(_ method: String, _ path: String, body: Data) throws -> [String: Any] {
        let file = NSTemporaryDirectory() + "roster-bench-body-\(UUID().uuidString)"
        try body.write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        return try curl(["-X", method, "--data-binary", "@\(file)", "http://127.0.0.1:\(port)\(path)"])
    }

    private func curl(_ arguments: [String]) throws -> [String: Any] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            ["curl", "-sS", "-H", "Authorization: Bearer \(Self.token)", "-H", "Expect:"] + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard let json = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw RosterError.invalid("unexpected answer: \(String(decoding: data, as: UTF8.self).prefix(300))")
        }
        if json["error"] != nil { throw RosterError.invalid("the API refused: \(json)") }
        return json
    }
}
