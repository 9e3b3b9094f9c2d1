import Foundation
import GRDB
import Logging
import RosterKafka
import RosterModel
import RosterRuntime
import ServiceLifecycle
import SocialSyncCore

/// social-sync's figures: social events durably applied per second on one partition with channel contacts already
/// stored, a three-condition search over them, and the validation of a large import file.
struct SocialSyncBenchmark {
    let cluster: MockKafkaCluster
    let storedContacts: Int
    let events: Int
    let importRows: Int
    let logger = Logger(label: "bench")

    struct Result {
        var seedSeconds: Double
        var events: Int
        var seconds: Double
        var published: Int
        /// Milliseconds per search (page of 50 and the total), sorted.
        var searchMilliseconds: [Double]
        var searchMatches: Int
        var validationSeconds: Double
        /// CPU seconds the process used while validating (after the worker stopped: validation alone).
        var validationCPUSeconds: Double
        var validationWarnings: Int
        /// CPU seconds the process used for the 100 searches (after the worker stopped: the searches alone).
        var searchCPUSeconds: Double
        /// CPU seconds the whole process (worker, in-process broker and producer) used while applying.
        var applyCPUSeconds: Double
        /// Bytes the process wrote while applying (the worker's SQLite log and checkpoints).
        var applyWrittenBytes: Int
    }

    func run() async throws -> Result {
        let prefix = "social."
        try cluster.provision(
            TopicPlan.specs(prefix: prefix, partitions: 16).map { spec in
                var spec = spec
                if spec.name == prefix + Topics.socialEvents.baseName { spec.partitions = 1 }
                return spec
            })
        let directory = NSTemporaryDirectory() + "roster-bench-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let config = WorkerConfig(
            name: SocialSync.name, bootstrapServers: cluster.bootstrapServers, topicPrefix: prefix,
            dataDirectory: directory, httpPort: 0, batchSize: 5000, logLevel: .warning)
        let built = try SocialSync.build(config: config, logger: logger)
        let seedStarted = ContinuousClock.now
        try seed(built.worker.database)
        let seedSeconds = seedStarted.elapsed

        let running = Task { try await built.group.run() }
        defer { running.cancel() }
        let producer = try KafkaProducer.make(
            config: KafkaClientConfig(bootstrapServers: cluster.bootstrapServers), logger: logger)
        let admin = try KafkaAdmin.make(config: KafkaClientConfig(bootstrapServers: cluster.bootstrapServers))
        let topic = prefix + Topics.socialEvents.baseName
        let gate = LagGate(admin: admin, group: SocialSync.name, topic: topic, maxLag: 15_000)
        while !built.worker.readiness.isReady { try await Task.sleep(for: .milliseconds(50)) }
        // Encoded before the clock starts: the producer's JSON encoding (9 µs of CPU per event through `JSONEncoder`)
        // is the webhooks' work, not the worker's, and took a share of the two cores from the worker it measures.
        let messages = try (0..<events).map { index in
            let event = event(index)
            return OutgoingMessage(
                topic: topic, key: "dev/line/\(event.channelUserId)", value: try Topics.socialEvents.encode(event))
        }

        let started = ContinuousClock.now
        let usageStarted = ProcessUsage.now()
        try await BlockingThread.run(name: "bench-producer") {
            for chunk in stride(from: 0, to: events, by: 5000) {
                try gate.waitForRoom()
                for index in chunk..<min(chunk + 5000, events) { try producer.produce(messages[index]) }
                try producer.flush()
            }
        }
        // One partition applies in order: once the last event is applied, all are.
        while try !built.store.hasApplied("bench-\(events - 1)") {
            try await Task.sleep(for: .milliseconds(20))
        }
        let seconds = started.elapsed
        let usageApplied = ProcessUsage.now()
        let applyCPUSeconds = usageApplied.cpuSeconds - usageStarted.cpuSeconds
        await built.group.triggerGracefulShutdown()
        _ = try? await running.value
        let searchCPUStarted = ProcessUsage.now().cpuSeconds
        let (searches, matches) = try measureSearch(built.store)
        let searchCPUSeconds = ProcessUsage.now().cpuSeconds - searchCPUStarted
        let file = importFile()
        let validationStarted = ContinuousClock.now
        let validationCPUStarted = ProcessUsage.now().cpuSeconds
        let check = try built.store.checkImport(file, tenant: "dev", channel: .line)
        let validationSeconds = validationStarted.elapsed
        let validationCPUSeconds = ProcessUsage.now().cpuSeconds - validationCPUStarted
        guard check.errors.isEmpty, check.valid == importRows else {
            throw RosterError.invalid("the benchmark's import file did not validate: \(check.errors.prefix(3))")
        }
        return Result(
            seedSeconds: seedSeconds, events: events, seconds: seconds,
            published: built.worker.producer.deliveredCount, searchMilliseconds: searches, searchMatches: matches,
            validationSeconds: validationSeconds, validationCPUSeconds: validationCPUSeconds,
            validationWarnings: check.warnings.count, searchCPUSeconds: searchCPUSeconds,
            applyCPUSeconds: applyCPUSeconds, applyWrittenBytes: usageApplied.writtenBytes - usageStarted.writtenBytes)
    }

    /// 100 searches with three conditions: tag vip, subscribed, and a customer interaction in a 30-day window.
    private func measureSearch(_ store: SocialStore) throws -> ([Double], Int) {
        var times: [Double] = []
        var matches = 0
        for probe in 0..<100 {
            let start = Self.day((probe * 37) % 330)
            let end = Self.day((probe * 37) % 330 + 30)
            let query = try ContactQuery(parameters: [
                ("channel", "line"), ("tag", "vip"), ("subscribed", "true"),
                ("customer_last_interaction_at", "\(start)..\(end)"),
            ])
            let started = ContinuousClock.now
            let page = try store.search(tenant: "dev", query: query, limit: 50, offset: 0)
            times.append(started.elapsed * 1000)
            matches += page.total
        }
        return (times.sorted(), matches / 100)
    }

    /// `2025-MM-DD` of day `n` of 2025.
    static func day(_ number: Int) -> String {
        let date = Date(timeIntervalSince1970: 1_735_689_600 + Double(number) * 86_400)
        return String(Timestamps.format(date).prefix(10))
    }

    /// Stored contacts: LINE users `U<i>`, 90% subscribed, 10% tagged vip (the others one of seven tiers), half with
    /// an e-mail, customer interactions spread over 2025; tags (row column, tag rows, bits) as the applier writes them.
    private func seed(_ database: DatabasePool) throws {
        try database.write { db in
            let contact = try db.makeStatement(
                sql: """
                    INSERT INTO social_contacts (id, tenant, channel, channel_user_id, display_name, email, subscribed,
                        subscribed_at, customer_last_interaction_at, created_at, updated_at, event_id, tag_bits, tags)
                    VALUES (?, 'dev', 'line', ?, ?, ?, ?, '2025-01-01T00:00:00.000Z', ?, '2025-01-01T00:00:00.000Z',
                        '2025-01-01T00:00:00.000Z', 'seed', ?, json_array(?))
                    """)
            let tag = try db.makeStatement(sql: "INSERT INTO social_contact_tags (contact_row, tag) VALUES (?, ?)")
            let tags = ["vip"] + (0..<7).map { "tier\($0)" }
            for (bit, name) in tags.enumerated() {
                try db.execute(
                    sql: "INSERT INTO social_tag_bits (tenant, channel, tag, bit) VALUES ('dev', 'line', ?, ?)",
                    arguments: [name, bit])
            }
            var subscribed = 0
            for index in 0..<storedContacts {
                let isSubscribed = index % 10 != 9
                if isSubscribed { subscribed += 1 }
                let interaction = Self.day((index &* 7919) % 365) + "T12:00:00.000Z"
                let bit = index % 10 == 3 ? 0 : 1 + index % 7
                try contact.execute(arguments: [
                    index + 1, "U\(index)", "User \(index)", index % 2 == 0 ? "u\(index)@example.com" : nil,
                    isSubscribed, interaction, Int64(1) << bit, tags[bit],
                ])
                try tag.execute(arguments: [index + 1, tags[bit]])
            }
            try db.execute(
                sql: "INSERT INTO social_counts (tenant, channel, subscribed, total) VALUES ('dev', 'line', ?, ?)",
                arguments: [subscribed, storedContacts])
            try db.execute(sql: "ANALYZE")
        }
    }

    /// The mix on stored users: 40% customer message, 20% team message, 10% marketing push, 10% tag added,
    /// 10% unsubscribe or subscribe, 10% a new user following.
    private func event(_ index: Int) -> SocialEvent {
        let target = "U\((index &* 104_729) % storedContacts)"
        let time = Timestamps.format(Date(timeIntervalSince1970: 1_763_625_600 + Double(index)))
        var event = SocialEvent(
            id: "bench-\(index)", tenant: "dev", channel: "line", channelUserId: target, type: "customer_message",
            occurredAt: time, source: "bench")
        switch index % 10 {
        case 0..<4: break
        case 4, 5: event.type = "team_message"
        case 6: event.type = "marketing_push"
        case 7:
            event.type = "tag_added"
            event.tags = ["campaign\(index % 5)"]
        case 8: event.type = index % 20 == 8 ? "unsubscribed" : "subscribed"
        default:
            event.type = "followed"
            event.channelUserId = "N\(index)"
            event.displayName = "New \(index)"
        }
        return event
    }

    /// A LINE import file: `importRows` rows of new users with a name, an e-mail (every tenth one already used by a
    /// stored contact, a warning), a phone and tags.
    private func importFile() -> [UInt8] {
        var text = "LINE UID,Name,Email,Phone,Tags\n"
        text.reserveCapacity(importRows * 70)
        for row in 0..<importRows {
            let email = row % 10 == 0 ? "u\(row * 2)@example.com" : "i\(row)@example.org"
            text += "I\(row),Import \(row),\(email),8869\(String(10_000_000 + row)),\"vip;wave\(row % 3)\"\n"
        }
        return Array(text.utf8)
    }
}
