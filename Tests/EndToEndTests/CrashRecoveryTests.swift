import Foundation
import GRDB
import Logging
import RosterKafka
import RosterModel
import RosterRuntime
import RosterTestSupport
import Testing

@Suite("The resolver killed with SIGKILL mid-stream", .timeLimit(.minutes(10)))
struct CrashRecoveryTests {
    /// 100,000 new contacts of 32 tenants over 16 partitions, so that no partition outgrows the embedded broker's
    /// capped log.
    static let events = 100_000
    static let tenants = 32

    @Test func restartAfterKillEndsWithExactlyTheExpectedContactsAndTimeline() async throws {
        // Given the resolver process consuming a stream of new contacts
        let cluster = try TestCluster(partitions: 16)
        let directory = try TemporaryDirectory()
        let environment = cluster.workerEnvironment(directory: directory.path, batchSize: 1000)
        let first = try WorkerProcess.launch("identity-resolver", environment: environment)
        _ = try await first.readyPort()
        let producer = try KafkaProducer.make(config: cluster.clientConfig, logger: Logger(label: "test"))
        for chunk in stride(from: 0, to: Self.events, by: 10_000) {
            try await producer.send(
                try (chunk..<min(chunk + 10_000, Self.events)).map { index in
                    let tenant = "t\(index % Self.tenants)"
                    return OutgoingMessage(
                        topic: cluster.topic("cdp.contact-events"), key: tenant,
                        value: try Topics.contactEvents.encode(
                            ContactEvent(
                                id: "k\(index)", tenant: tenant, type: .upsert, occurredAt: "2026-11-20T08:00:00Z",
                                identifiers: ["email": "k\(index)@example.com"],
                                attributes: ["name": .string("K\(index)")])))
                })
        }

        // When it is killed -9 part-way through
        let database = try DatabaseQueue(path: "\(directory.path)/identity-resolver.sqlite")
        func applied() async throws -> Int {
            try await database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM contacts") ?? 0 }
        }
        #expect(try await eventually(timeout: .seconds(120), every: .milliseconds(10)) { try await applied() >= 5000 })
        first.kill()
        let atCrash = try await applied()
        #expect(atCrash < Self.events)

        // And restarted on the same store
        let second = try WorkerProcess.launch("identity-resolver", environment: environment)
        _ = try #require(await second.httpPort())
        #expect(
            try await eventually(timeout: .seconds(480), every: .milliseconds(500)) {
                try await applied() == Self.events
            })
        #expect(second.terminate() == 0)

        // Then every contact is there once, with exactly one timeline entry each, and every event applied once
        let counts = try await database.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM contacts") ?? 0,
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM contact_identifiers") ?? 0,
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM timeline") ?? 0,
                try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT contact_id) FROM timeline") ?? 0,
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM roster_applied_events") ?? 0
            )
        }
        #expect(counts.0 == Self.events)
        #expect(counts.1 == Self.events)
        #expect(counts.2 == Self.events)
        #expect(counts.3 == Self.events)
        #expect(counts.4 == Self.events)
    }
}
