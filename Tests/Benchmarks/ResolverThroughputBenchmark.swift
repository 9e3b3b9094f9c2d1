import Foundation
import GRDB
import IdentityCore
import Logging
import RosterKafka
import RosterModel
import RosterRuntime
import ServiceLifecycle

/// Events resolved and durably applied per second by the identity resolver on one partition, with contacts
/// already stored, snapshots and activity published.
struct ResolverThroughputBenchmark {
    let cluster: MockKafkaCluster
    let storedContacts: Int
    let events: Int
    /// Messages per consume batch (`WorkerConfig.batchSize`).
    let batchSize: Int
    let logger = Logger(label: "bench")

    struct Result {
        var events: Int
        var seconds: Double
        /// CPU seconds the whole process (resolver, producer, embedded broker) used while resolving.
        var cpuSeconds: Double
        /// Bytes the process wrote meanwhile (the resolver's SQLite log and checkpoints).
        var writtenBytes: Int
        var seedSeconds: Double
        /// CPU seconds spent encoding the events before the run (not part of `cpuSeconds`).
        var encodeSeconds: Double
        var profilesPublished: Int
        /// Milliseconds of fuzzy searches ("contains" on name, e-mail and mobile, in that order), each sorted.
        var searchMilliseconds: [(field: String, milliseconds: [Double])]
        /// Milliseconds of 360° view reads, sorted.
        var viewMilliseconds: [Double]
    }

    func run() async throws -> Result {
        let prefix = "resolver."
        try cluster.provision(
            TopicPlan.specs(prefix: prefix, partitions: 16).map { spec in
                var spec = spec
                if spec.name == prefix + Topics.contactEvents.baseName { spec.partitions = 1 }
                return spec
            })
        let directory = NSTemporaryDirectory() + "roster-bench-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let config = WorkerConfig(
            name: IdentityResolver.name, bootstrapServers: cluster.bootstrapServers, topicPrefix: prefix,
            dataDirectory: directory, httpPort: 0, batchSize: batchSize, logLevel: .warning)
        let built = try IdentityResolver.build(config: config, logger: logger)
        let seedStarted = ContinuousClock.now
        try seed(built.worker.database)
        let seedSeconds = seedStarted.elapsed

        let running = Task { try await built.group.run() }
        defer { running.cancel() }
        let producer = try KafkaProducer.make(
            config: KafkaClientConfig(bootstrapServers: cluster.bootstrapServers), logger: logger)
        let admin = try KafkaAdmin.make(config: KafkaClientConfig(bootstrapServers: cluster.bootstrapServers))
        let topic = prefix + Topics.contactEvents.baseName
        // The resolver commits a batch's offsets once its messages are acknowledged, while it applies the next: its
        // committed offsets trail what it has applied by up to two batches, which the bound leaves room for (at least
        // 25,000 events: about 6 MB before lz4, inside the embedded broker's 5 MiB log once compressed).
        let gate = LagGate(
            admin: admin, group: IdentityResolver.name, topic: topic, maxLag: Int64(max(25_000, 3 * batchSize)))
        while !built.worker.readiness.isReady { try await Task.sleep(for: .milliseconds(50)) }

        // The events are encoded before the clock starts: what is measured is the resolver, not the test producer's
        // encoding (Foundation's JSONEncoder), which `encodeSeconds` reports on its own.
        let encodeStarted = ProcessUsage.now()
        let payloads = try (0..<events).map { try Topics.contactEvents.encode(event($0)) }
        let encodeSeconds = ProcessUsage.now().cpuSeconds - encodeStarted.cpuSeconds

        let started = ContinuousClock.now
        let usageBefore = ProcessUsage.now()
        try await BlockingThread.run(name: "bench-producer") {
            for chunk in stride(from: 0, to: events, by: 5000) {
                try gate.waitForRoom()
                for index in chunk..<min(chunk + 5000, events) {
                    try producer.produce(OutgoingMessage(topic: topic, key: "dev", value: payloads[index]))
                }
                try producer.flush()
            }
        }
        // One partition applies in order: once the last event is applied, all are.
        let lastID = "bench-\(events - 1)"
        while try !applied(lastID, built.worker.database) {
            try await Task.sleep(for: .milliseconds(20))
        }
        let seconds = started.elapsed
        let usageAfter = ProcessUsage.now()
        let cpuSeconds = usageAfter.cpuSeconds - usageBefore.cpuSeconds
        await built.group.triggerGracefulShutdown()
        _ = try? await running.value
        let (searches, views) = try measureReads(built.store)
        return Result(
            events: events, seconds: seconds, cpuSeconds: cpuSeconds,
            writtenBytes: usageAfter.writtenBytes - usageBefore.writtenBytes, seedSeconds: seedSeconds,
            encodeSeconds: encodeSeconds,
            profilesPublished: built.worker.producer.deliveredCount, searchMilliseconds: searches,
            viewMilliseconds: views)
    }

    /// 100 fuzzy searches on each of name, e-mail and mobile for a six-character fragment of a stored contact's
    /// value, and 200 reads of a contact with its merges and timeline.
    private func measureReads(_ store: IdentityStore) throws -> ([(field: String, milliseconds: [Double])], [Double]) {
        let fragments: [(field: String, of: (Int) -> String)] = [
            ("name", { String(Self.name($0).prefix(8).dropFirst(2)) }),
            ("email", { String("s\($0)@example.com".prefix(7).suffix(6)) }),
            ("mobile", { String(String(86_139_000_000_00 + $0).suffix(6)) }),
        ]
        var searches: [(field: String, milliseconds: [Double])] = []
        for (field, fragment) in fragments {
            var times: [Double] = []
            for probe in 0..<100 {
                let text = fragment((probe * 7919) % storedContacts)
                let started = ContinuousClock.now
                let found = try store.search(
                    tenant: "dev", filters: [.contains(field: field, text: text)], category: .all, limit: 50, offset: 0)
                times.append(started.elapsed * 1000)
                // The probed contact holds the fragment: a search that finds nothing measured nothing.
                guard found.total > 0 else { throw RosterError.invalid("no contact's \(field) contains \(text)") }
            }
            searches.append((field, times.sorted()))
        }
        var views: [Double] = []
        for probe in 0..<200 {
            let started = ContinuousClock.now
            let id = "seed-\((probe * 104_729) % storedContacts)"
            _ = try store.contact(tenant: "dev", id: id)
            _ = try store.merges(tenant: "dev", survivor: id)
            views.append(started.elapsed * 1000)
        }
        return (searches, views.sorted())
    }

    private func applied(_ eventID: String, _ database: DatabasePool) throws -> Bool {
        try database.read { db in
            try Bool.fetchOne(db, sql: "SELECT 1 FROM roster_applied_events WHERE event_id = ?", arguments: [eventID])
                ?? false
        }
    }

    /// Stored contacts: `s<i>@example.com` and phone `861390000000 + i`, created a year ago.
    private func seed(_ database: DatabasePool) throws {
        try database.write { db in
            let contact = try db.makeStatement(
                sql: """
                    INSERT INTO contacts (tenant, contact_id, attributes, tags, subscriptions, created_at, updated_at,
                        last_event_id, real_name)
                    VALUES ('dev', ?, ?, '[]', '{"email":true,"global":true,"mobile":true}', '2025-11-20T00:00:00Z',
                        '2025-11-20T00:00:00Z', 'seed', 1)
                    """)
            let identifier = try db.makeStatement(
                sql: "INSERT INTO contact_identifiers (tenant, kind, value, contact_id) VALUES ('dev', ?, ?, ?)")
            let search = try db.makeStatement(
                sql: "INSERT INTO contact_search_rows (tenant, contact_id, field, value) VALUES ('dev', ?, ?, ?)")
            for index in 0..<storedContacts {
                let id = "seed-\(index)"
                try contact.execute(arguments: [id, "{\"name\":\"\(Self.name(index))\"}"])
                try identifier.execute(arguments: ["email", "s\(index)@example.com", id])
                try identifier.execute(arguments: ["mobile", String(86_139_000_000_00 + index), id])
                try search.execute(arguments: [id, "name", Self.name(index)])
                try search.execute(arguments: [id, "email", "s\(index)@example.com"])
                try search.execute(arguments: [id, "mobile", String(86_139_000_000_00 + index)])
            }
        }
    }

    /// A name of two pseudo-random capitalised words (`Kovemi Darutas`), so that name fragments are as varied as real ones.
    static func name(_ index: Int) -> String {
        let syllables = [
            "ka", "ro", "mi", "tas", "ve", "lu", "dan", "shi", "po", "ren", "ya", "gu", "ne", "bo", "li", "zu",
        ]
        var state = UInt64(truncatingIfNeeded: index) &* 0x9E37_79B9_7F4A_7C15 &+ 1
        func word() -> String {
            var text = ""
            for _ in 0..<3 {
                state ^= state >> 29
                state &*= 0xBF58_476D_1CE4_E5B9
                text += syllables[Int(state >> 60)]
            }
            return text.prefix(1).uppercased() + text.dropFirst()
        }
        return word() + " " + word()
    }

    /// The mix: 60% update an existing contact, 30% a new contact, 10% join two existing contacts.
    private func event(_ index: Int) -> ContactEvent {
        var identifiers: [String: String]
        let bucket = index % 10
        let target = (index &* 7919) % storedContacts
        switch bucket {
        case 0..<6: identifiers = ["email": "s\(target)@example.com"]
        case 6..<9: identifiers = ["email": "new\(index)@example.com"]
        default:
            let other = (target + storedContacts / 2) % storedContacts
            identifiers = ["email": "s\(target)@example.com", "mobile": "+" + String(86_139_000_000_00 + other)]
        }
        return ContactEvent(
            id: "bench-\(index)", tenant: "dev", type: .upsert, occurredAt: "2026-11-20T08:00:00Z", source: "bench",
            identifiers: identifiers, attributes: ["member_points": .int(Int64(index % 1000))], mode: .normal)
    }
}
