import Foundation
import GRDB
import Logging
import RosterKafka
import RosterModel
import RosterRuntime
import RosterTestSupport
import Testing

@Suite("The resolver killed with SIGKILL mid-stream", .timeLimit(.minutes(3)))
struct CrashRecoveryTests {
    static let events = 3000

    @Test func restartAfterKillEndsWithExactlyTheExpectedContactsAndTimeline() async throws {
        // Given the resolver process consuming a stream of new contacts
        let cluster = try TestCluster(partitions: 3)
        let directory = try TemporaryDirectory()
        let environment = [
            "ROSTER_BOOTSTRAP": cluster.mock.bootstrapServers, "ROSTER_TOPIC_PREFIX": cluster.prefix,
            "ROSTER_DATA_DIR": directory.path, "ROSTER_TOKENS": "\(TestTokens.admin):dev:admin",
            "ROSTER_BATCH_SIZE": "200",
        ]
        let first = try WorkerProcess.launch("identity-resolver", environment: environment)
        let firstPort = try #require(await first.httpPort())
        #expect(try await eventually { try await HTTPProbe.status("http://127.0.0.1:\(firstPort)/readyz") == 200 })
        let producer = try KafkaProducer.make(config: cluster.clientConfig, logger: Logger(label: "test"))
        try await producer.send(
            try (0..<Self.events).map { index in
                OutgoingMessage(
                    topic: cluster.topic("cdp.contact-events"), key: "dev",
                    value: try Topics.contactEvents.encode(
                        ContactEvent(
                            id: "k\(index)", tenant: "dev", type: .upsert, occurredAt: "2026-11-20T08:00:00Z",
                            identifiers: ["email": "k\(index)@example.com"], attributes: ["name": .string("K\(index)")])
                    ))
            })

        // When it is killed -9 part-way through
        func applied(_ port: Int) async throws -> Int {
            try await HTTPProbe.json("http://127.0.0.1:\(port)/v1/contacts/counts", token: TestTokens.admin)["all"]
                as? Int ?? 0
        }
        #expect(try await eventually(every: .milliseconds(10)) { try await applied(firstPort) >= 300 })
        first.kill()
        let database = try DatabaseQueue(path: "\(directory.path)/identity-resolver.sqlite")
        let atCrash = try await database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM contacts") ?? 0 }
        #expect(atCrash < Self.events)

        // And restarted on the same store
        let second = try WorkerProcess.launch("identity-resolver", environment: environment)
        let secondPort = try #require(await second.httpPort())
        #expect(try await eventually(timeout: .seconds(90)) { try await applied(secondPort) == Self.events })
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
