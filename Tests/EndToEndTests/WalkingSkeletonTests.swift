import Foundation
import GRDB
import IdentityCore
import Logging
import RosterKafka
import RosterModel
import RosterRuntime
import RosterTestSupport
import Testing

@Suite("The five workers together on one cluster", .serialized, .timeLimit(.minutes(3)))
struct WalkingSkeletonTests {
    @Test func upsertFromAPlainKafkaClientBecomesAContactAndAProfileEverywhere() async throws {
        let system = try await RunningSystem()

        // Given a contact.upsert published by kcat, a plain Kafka client
        let event = """
            {"schema":"roster.contact-event/v1","id":"kcat-1","tenant":"dev","type":"contact.upsert",\
            "occurred_at":"2026-11-20T08:00:00Z","identifiers":{"mobile":"13800000001","email":" Ada@Example.com "},\
            "attributes":{"name":"Ada"},"tags":["vip"]}
            """
        try KcatProducer.produce(
            [event], topic: system.cluster.topic("cdp.contact-events"), key: "dev",
            bootstrap: system.cluster.mock.bootstrapServers)

        // Then the resolver holds one contact with normalized identifiers
        #expect(try await eventually { try system.identityStore.counts(tenant: "dev").all == 1 })
        let id = try #require(try system.identityStore.contactID(tenant: "dev", kind: "mobile", value: "8613800000001"))
        let contact = try #require(try system.identityStore.contact(tenant: "dev", id: id))
        #expect(contact.identifiers == ["email": ["ada@example.com"], "mobile": ["8613800000001"]])
        #expect(contact.attributes == ["name": .string("Ada")])
        #expect(contact.tags == ["vip"])

        // And its snapshot on cdp.profiles reached the segmenter's and the exporter's projections
        let profiles = try await TopicReader.read(
            system.cluster.topic("cdp.profiles"), cluster: system.cluster, atLeast: 1)
        #expect(profiles.map(\.keyString) == ["dev/\(id)"])
        for name in ["segmenter", "exporter"] {
            let worker = try #require(system.workers[name])
            #expect(
                try await eventually {
                    try worker.database.read { try ProfileProjection.count($0, tenant: "dev") } == 1
                })
        }
        #expect(await system.stop())
    }

    @Test func httpEventsAndSocialEventsFlowThroughTheResolver() async throws {
        let system = try await RunningSystem()

        // When two events for the same person arrive over HTTP, by phone and then by phone and e-mail
        let posted = try await system.call(
            "ingest", "POST", "/v1/events",
            body: [
                "events": [
                    [
                        "schema": "roster.contact-event/v1", "id": "h1", "tenant": "someone-else",
                        "type": "contact.upsert",
                        "occurred_at": "2026-11-20T08:00:00Z", "identifiers": ["mobile": "0911223344"],
                    ],
                    [
                        "schema": "roster.contact-event/v1", "id": "h2", "tenant": "dev", "type": "contact.upsert",
                        "occurred_at": "2026-11-20T09:00:00Z", "identifiers": ["email": "bo@example.com"],
                    ],
                    [
                        "schema": "roster.contact-event/v1", "id": "h3", "tenant": "dev", "type": "contact.upsert",
                        "occurred_at": "2026-11-20T10:00:00Z",
                        "identifiers": ["mobile": "0911223344", "email": "bo@example.com"],
                    ],
                ]
            ])
        #expect(posted.status == 202)
        #expect(posted.json["event_ids"] as? [String] == ["h1", "h2", "h3"])

        // Then the tenant came from the token, and the two contacts merged into the oldest
        #expect(try await eventually { try system.identityStore.counts(tenant: "dev").all == 1 })
        let id = try #require(try system.identityStore.contactID(tenant: "dev", kind: "email", value: "bo@example.com"))
        let view = try await system.call("identity-resolver", "GET", "/v1/contacts/\(id)")
        #expect(view.status == 200)
        #expect((view.json["identifiers"] as? [String: [String]])?["mobile"] == ["86911223344"])
        let merges = try await system.call("identity-resolver", "GET", "/v1/contacts/\(id)/why")
        #expect((merges.json["merges"] as? [[String: Any]])?.first?["joined_by_kind"] as? String == "email")

        // When a LINE user follows the channel
        let producer = try KafkaProducer.make(config: system.cluster.clientConfig, logger: .init(label: "e2e"))
        let follow = SocialEvent(
            id: "s1", tenant: "dev", channel: "line", channelUserId: "U123", type: "followed",
            occurredAt: "2026-11-20T11:00:00Z")
        try await producer.send([
            OutgoingMessage(
                topic: system.cluster.topic("cdp.social-events"), key: "dev/line/U123",
                value: try Topics.socialEvents.encode(follow))
        ])

        // Then social-sync counts it and the resolver knows the LINE user as an anonymous contact
        #expect(
            try await eventually {
                (try await system.call("social-sync", "GET", "/v1/social/counts?channel=line")).json["effective"]
                    as? Int == 1
            })
        #expect(
            try await eventually {
                try system.identityStore.contactID(tenant: "dev", kind: "line_uid", value: "U123") != nil
            })
        let counts = try await system.call("identity-resolver", "GET", "/v1/contacts/counts")
        #expect(counts.json["all"] as? Int == 2)
        #expect(counts.json["real_name"] as? Int == 1)
        #expect(counts.json["anonymous"] as? Int == 1)
        #expect(await system.stop())
    }

    @Test func tokensDecideTenantAndRole() async throws {
        let system = try await RunningSystem()
        try await KafkaProducer.make(config: system.cluster.clientConfig, logger: .init(label: "e2e")).send([
            OutgoingMessage(
                topic: system.cluster.topic("cdp.contact-events"), key: "dev",
                value: try Topics.contactEvents.encode(
                    ContactEvent(
                        id: "t1", tenant: "dev", type: .upsert, occurredAt: "2026-11-20T08:00:00Z",
                        identifiers: ["email": "cy@example.com"])))
        ])
        #expect(try await eventually { try system.identityStore.counts(tenant: "dev").all == 1 })
        let id = try #require(try system.identityStore.contactID(tenant: "dev", kind: "email", value: "cy@example.com"))

        // No token: 401 in the one error shape
        let anonymous = try await system.call("identity-resolver", "GET", "/v1/contacts/\(id)", token: nil)
        #expect(anonymous.status == 401)
        #expect((anonymous.json["error"] as? [String: Any])?["code"] as? String == "unauthorized")
        // Another tenant's token: 404, the contact does not exist for it
        let stranger = try await system.call(
            "identity-resolver", "GET", "/v1/contacts/\(id)", token: TestTokens.otherTenant)
        #expect(stranger.status == 404)
        // A read-only token may read but not write
        let reader = try await system.call("identity-resolver", "GET", "/v1/contacts/\(id)", token: TestTokens.readOnly)
        #expect(reader.status == 200)
        let write = try await system.call(
            "ingest", "POST", "/v1/contacts", token: TestTokens.readOnly,
            body: ["identifiers": ["email": "x@example.com"]])
        #expect(write.status == 403)
        // An invalid event is refused with the row and field named
        let invalid = try await system.call(
            "ingest", "POST", "/v1/events",
            body: [
                "events": [
                    [
                        "schema": "roster.contact-event/v1", "id": "bad", "tenant": "dev", "type": "contact.upsert",
                        "occurred_at": "yesterday", "identifiers": ["email": "x@example.com"],
                    ]
                ]
            ])
        #expect(invalid.status == 400)
        let detail = ((invalid.json["error"] as? [String: Any])?["details"] as? [[String: Any]])?.first
        #expect(detail?["row"] as? Int == 1)
        #expect(detail?["field"] as? String == "occurred_at")
        // Health, readiness and metrics need no token
        #expect(try await system.call("ingest", "GET", "/healthz", token: nil).status == 200)
        #expect(try await system.call("identity-resolver", "GET", "/readyz", token: nil).json["ready"] as? Bool == true)
        #expect(await system.stop())
    }
}

/// Publishes with kcat, the plain Kafka command-line client.
enum KcatProducer {
    static func produce(_ lines: [String], topic: String, key: String, bootstrap: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/kcat")
        process.arguments = ["-P", "-b", bootstrap, "-t", topic, "-k", key]
        let input = Pipe()
        process.standardInput = input
        try process.run()
        input.fileHandleForWriting.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw RosterError.startup("kcat exited \(process.terminationStatus)")
        }
    }
}
