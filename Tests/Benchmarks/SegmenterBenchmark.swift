import Foundation
import GRDB
import RosterModel
import RosterRuntime
import RosterTestSupport
import SegmenterCore
import Synchronization

/// The segmenter's full computation of the documented model case over a seeded projection, measured three ways:
/// the plan the segmenter runs (over its resident columns, read from SQLite once at start), a hand-written SQL query
/// over the same indexed tables, and the per-contact evaluator alone over facts already in memory.
struct SegmenterBenchmark {
    let contacts: Int
    let events: Int

    struct Result {
        var seedSeconds: Double
        var relevantEvents: Int
        /// Reading the columns the plan needs from SQLite (what a start does), from a read snapshot, with the
        /// `(tenant, event)` index.
        var loadSeconds: Double
        /// The same read without that index (a scan of every event).
        var loadWithoutIndexSeconds: Double
        /// Creating the index (the migration's cost on an existing store).
        var indexSeconds: Double
        /// The longest a small write transaction waited while the columns were read.
        var longestWriteDuringLoad: Double
        /// Anonymous resident memory the process gained while the columns loaded (`RssAnon`), in bytes.
        var columnBytes: Int
        var members: Int
        /// The full computation as the segment computer runs it: chunks of `chunk` contacts, each recorded in a
        /// write transaction of its own.
        var fullSeconds: Double
        var chunk: Int
        /// The longest of those transactions (how long the write lock was held at a time).
        var longestChunkSeconds: Double
        /// The same computation recorded in one transaction (as the relative-time tick does).
        var fullOneTransactionSeconds: Double
        /// The same plan counted without recording (what the estimate endpoint runs).
        var estimateSeconds: Double
        /// An estimate whose attribute no resident column holds yet: the column's read from SQLite, then the count.
        var newColumnEstimateSeconds: Double
        /// The same estimate again, the column resident.
        var newColumnEstimateAgainSeconds: Double
        /// A hand-written SQL query with EXISTS subqueries and json_extract.
        var sqlSeconds: Double
        var sqlMembers: Int
        /// The evaluator alone over facts held in memory.
        var inMemorySeconds: Double
        var inMemoryMembers: Int
    }

    static let now = Date(timeIntervalSince1970: 1_795_478_400)  // 2026-11-24T00:00:00Z

    func run() throws -> Result {
        let directory = NSTemporaryDirectory() + "roster-bench-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = try WorkerDatabase.open(
            path: directory + "/segmenter.sqlite", migrations: Segmenter.registerMigrations)
        let seedStarted = ContinuousClock.now
        var facts: [ContactFacts] = []
        let relevant = try seed(database, facts: &facts)
        let seedSeconds = seedStarted.elapsed
        let plan = try database.read { db in
            try SegmentCompiler.compile(
                try WireCodec.decode(SegmentDefinition.self, from: Array(SegmentExamples.modelCase.utf8)),
                catalog: try SegmentCatalog.load(db, tenant: "dev", segments: []))
        }

        try database.write { db in try db.execute(sql: "DROP INDEX contact_activity_by_event") }
        let unindexedStarted = ContinuousClock.now
        try ColumnStore().load(database, tenant: "dev", plans: [plan])
        let loadWithoutIndexSeconds = unindexedStarted.elapsed
        let indexStarted = ContinuousClock.now
        try database.write { db in
            try db.execute(sql: "CREATE INDEX contact_activity_by_event ON contact_activity (tenant, event)")
        }
        let indexSeconds = indexStarted.elapsed

        let columns = ColumnStore()
        let residentBefore = Self.anonymousResidentBytes()
        let probe = WriteProbe(database)
        let loadStarted = ContinuousClock.now
        try columns.load(database, tenant: "dev", plans: [plan])
        let loadSeconds = loadStarted.elapsed
        let longestWriteDuringLoad = probe.stop()
        let columnBytes = Self.anonymousResidentBytes() - residentBefore

        let estimateStarted = ContinuousClock.now
        let estimated = try database.read {
            try FullComputation.count($0, tenant: "dev", plan: plan, now: Self.now, columns: columns)
        }
        let estimateSeconds = estimateStarted.elapsed
        let (newColumnEstimateSeconds, newColumnEstimateAgainSeconds) = try estimateOnNewColumn(
            database, columns: columns)

        let chunk = SegmenterSettings().computationChunk
        let fullStarted = ContinuousClock.now
        var longestChunkSeconds = 0.0
        var pass = try database.write { db in
            try FullComputation.Pass(
                db: db, tenant: "dev", topicPrefix: "bench.", now: Self.now,
                segment: CompiledSegment(id: "model", version: 1, plan: plan), columns: columns, chunk: chunk)
        }
        while !pass.isDone {
            let chunkStarted = ContinuousClock.now
            try database.write { db in
                try pass.record(db: db, topicPrefix: "bench.", now: Self.now, columns: columns)
            }
            longestChunkSeconds = max(longestChunkSeconds, chunkStarted.elapsed)
        }
        let fullSeconds = fullStarted.elapsed
        let members = pass.members
        precondition(estimated == members, "estimate \(estimated) and full computation \(members) differ")

        let onceStarted = ContinuousClock.now
        let onceMembers = try database.write { db in
            try FullComputation(db: db, tenant: "dev", topicPrefix: "bench.", now: Self.now, columns: columns)
                .run(CompiledSegment(id: "model-once", version: 1, plan: plan))
        }
        let fullOneTransactionSeconds = onceStarted.elapsed
        precondition(onceMembers == members, "one transaction \(onceMembers) and chunks \(members) differ")

        let sqlStarted = ContinuousClock.now
        let sqlMembers = try database.read { db in
            try Int.fetchOne(
                db, sql: Self.modelCaseSQL,
                arguments: [Timestamps.format(Self.now.addingTimeInterval(-7 * 86_400))]) ?? 0
        }
        let sqlSeconds = sqlStarted.elapsed

        let evaluator = SegmentEvaluator(now: Self.now.timeIntervalSince1970) { _ in false }
        let memoryStarted = ContinuousClock.now
        let inMemoryMembers = facts.reduce(0) { $0 + (evaluator.holds(plan, $1) ? 1 : 0) }
        let inMemorySeconds = memoryStarted.elapsed
        return Result(
            seedSeconds: seedSeconds, relevantEvents: relevant, loadSeconds: loadSeconds,
            loadWithoutIndexSeconds: loadWithoutIndexSeconds, indexSeconds: indexSeconds,
            longestWriteDuringLoad: longestWriteDuringLoad, columnBytes: columnBytes, members: members,
            fullSeconds: fullSeconds, chunk: chunk, longestChunkSeconds: longestChunkSeconds,
            fullOneTransactionSeconds: fullOneTransactionSeconds, estimateSeconds: estimateSeconds,
            newColumnEstimateSeconds: newColumnEstimateSeconds,
            newColumnEstimateAgainSeconds: newColumnEstimateAgainSeconds,
            sqlSeconds: sqlSeconds, sqlMembers: sqlMembers,
            inMemorySeconds: inMemorySeconds, inMemoryMembers: inMemoryMembers)
    }

    /// Two estimates of `name starts with N1`, which no resident column holds, as the estimate endpoint runs them:
    /// the first reads the column from SQLite, the second finds it resident.
    private func estimateOnNewColumn(_ database: DatabasePool, columns: ColumnStore) throws -> (Double, Double) {
        let definition = """
            {"name": "n1", "type": "standard", "clusters": [{"join": "and", "conditions": [\
            {"attribute": "name", "op": "starts_with", "value": "N1"}]}]}
            """
        let plan = try database.read { db in
            try SegmentCompiler.compile(
                try WireCodec.decode(SegmentDefinition.self, from: Array(definition.utf8)),
                catalog: try SegmentCatalog.load(db, tenant: "dev", segments: []))
        }
        var seconds: [Double] = []
        var counts: [Int] = []
        for _ in 0..<2 {
            let started = ContinuousClock.now
            try columns.load(database, tenant: "dev", plans: [plan])
            counts.append(
                try database.read {
                    try FullComputation.count($0, tenant: "dev", plan: plan, now: Self.now, columns: columns)
                })
            seconds.append(started.elapsed)
        }
        precondition(counts[0] == counts[1] && counts[0] > 0, "estimates on a new column differ: \(counts)")
        return (seconds[0], seconds[1])
    }

    /// Writes a row every 10 ms on a thread of its own and keeps the longest a write waited, to show whether
    /// something holds the write lock meanwhile.
    final class WriteProbe: Sendable {
        private let state = Mutex<(stopped: Bool, longest: Double)>((false, 0))
        private let finished = DispatchSemaphore(value: 0)

        init(_ database: DatabasePool) {
            Thread { self.run(database) }.start()
        }

        private func run(_ database: DatabasePool) {
            defer { finished.signal() }
            while !state.withLock({ $0.stopped }) {
                let started = ContinuousClock.now
                do {
                    try database.write { db in
                        try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS bench_probe (at REAL)")
                        try db.execute(
                            sql: "INSERT INTO bench_probe VALUES (?)", arguments: [Date().timeIntervalSince1970])
                    }
                } catch {
                    return
                }
                let waited = started.elapsed
                state.withLock { $0.longest = max($0.longest, waited) }
                Thread.sleep(forTimeInterval: 0.01)
            }
        }

        /// Stops the probe and returns the longest write, in seconds.
        func stop() -> Double {
            state.withLock { $0.stopped = true }
            finished.wait()
            return state.withLock { $0.longest }
        }
    }

    /// The process's anonymous resident memory (`RssAnon` in `/proc/self/status`), in bytes: heap, not the pages of
    /// the database file SQLite maps.
    private static func anonymousResidentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("RssAnon:") }),
            let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kilobytes * 1024
    }

    /// Writes the contacts (30% in China, created over the last 30 days) and their events (10% form submits,
    /// 10% QR scans, the rest e-mail and order events), and keeps the same facts in memory. Returns how many
    /// events the model case reads.
    private func seed(_ database: DatabasePool, facts: inout [ContactFacts]) throws -> Int {
        var random = SystemRandomNumberGenerator()
        let perContact = max(1, events / max(1, contacts))
        var relevant = 0
        facts.reserveCapacity(contacts)
        // Event times at minute resolution over the last 60 days, formatted once.
        let times = (0..<(60 * 24 * 60)).map { Timestamps.format(Self.now.addingTimeInterval(-Double($0) * 60)) }
        try database.write { db in
            let profile = try db.makeStatement(
                sql: "INSERT INTO projected_profiles (tenant, contact_id, snapshot, updated_at) VALUES ('dev', ?, ?, ?)"
            )
            let activity = try db.makeStatement(
                sql: """
                    INSERT INTO contact_activity (event_id, tenant, contact_id, event, properties, occurred_at)
                    VALUES (?, 'dev', ?, ?, ?, ?)
                    """)
            for index in 0..<contacts {
                let id = String(format: "c%07d", index)
                let location = [
                    "China", "China", "China", "Japan", "Chile", "France", "Brazil", "India", "Kenya", "Peru",
                ][
                    index % 10]
                let created = Timestamps.format(
                    Self.now.addingTimeInterval(-Double.random(in: 0..<(30 * 86_400), using: &random)))
                let snapshot = """
                    {"attributes":{"location":"\(location)","name":"N\(index)"},"contact_id":"\(id)",\
                    "created_at":"\(created)","event_id":"seed","identifiers":{"email":["\(id)@example.com"]},\
                    "schema":"roster.profile/v1","subscriptions":{"email":true,"global":true,"mobile":true},\
                    "tags":[],"tenant":"dev","updated_at":"\(created)"}
                    """
                try profile.execute(arguments: [id, snapshot, created])
                var contactEvents: [FactEvent] = []
                for number in 0..<perContact {
                    let registration = Bool.random(using: &random)
                    let (name, properties): (String, String) =
                        switch Int.random(in: 0..<10, using: &random) {
                        case 0:
                            (
                                "form_submit",
                                #"{"email":"e@x.cn","form":"\#(registration ? "member registration" : "survey")","name":"N"}"#
                            )
                        case 1:
                            ("wechat_qr_scan", #"{"qr_code":"\#(registration ? "member registration" : "store 7")"}"#)
                        case 2, 3, 4, 5: ("email_open", #"{"campaign":"c\#(number)"}"#)
                        default: ("email_click", #"{"campaign":"c\#(number)"}"#)
                        }
                    let minute = Int.random(in: 0..<times.count, using: &random)
                    try activity.execute(arguments: ["\(id)-\(number)", id, name, properties, times[minute]])
                    if name == "form_submit" || name == "wechat_qr_scan" {
                        relevant += 1
                        contactEvents.append(
                            FactEvent(
                                name: name, occurredAt: Self.now.timeIntervalSince1970 - Double(minute) * 60,
                                properties: try WireCodec.decode([String: JSONValue].self, from: Array(properties.utf8))
                            ))
                    }
                }
                facts.append(
                    ContactFacts(
                        contactId: id,
                        attributes: ["location": .string(location), "created_at": .string(created)], tags: [],
                        events: contactEvents))
            }
        }
        return relevant
    }

    /// The model case as one SQL query over the same tables (what an SQL compiler of plans would emit).
    static let modelCaseSQL = """
        SELECT COUNT(*) FROM projected_profiles p WHERE p.tenant = 'dev'
          AND json_extract(p.snapshot, '$.attributes.location') = 'China'
          AND json_extract(p.snapshot, '$.created_at') >= ?
          AND (EXISTS (SELECT 1 FROM contact_activity a WHERE a.tenant = p.tenant AND a.contact_id = p.contact_id
                 AND a.event = 'form_submit' AND json_extract(a.properties, '$.form') = 'member registration'
                 AND json_extract(a.properties, '$.name') IS NOT NULL AND json_extract(a.properties, '$.email') IS NOT NULL)
            OR EXISTS (SELECT 1 FROM contact_activity a WHERE a.tenant = p.tenant AND a.contact_id = p.contact_id
                 AND a.event = 'wechat_qr_scan' AND json_extract(a.properties, '$.qr_code') = 'member registration'))
        """
}
