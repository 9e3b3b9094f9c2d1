import Foundation
import GRDB
import IdentityCore
import Logging
import RosterKafka
import RosterModel
import RosterRuntime
import RosterTestSupport
import SocialSyncCore
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@Suite("Social contacts joining unified contacts through the resolver", .timeLimit(.minutes(2)))
struct SocialIdentityTests {
    @Test func aLineImportRowWithAnExistingContactsEmailLinksToThatContactUntilDeleted() async throws {
        // Given the resolver and social-sync on one cluster, and a contact known by e-mail
        let cluster = try TestCluster(partitions: 2)
        let directory = try TemporaryDirectory()
        let logger = Logger(label: "social-e2e")
        let identity = try IdentityResolver.build(
            config: cluster.workerConfig(name: IdentityResolver.name, directory: directory.path), logger: logger)
        let social = try SocialSync.build(
            config: cluster.workerConfig(name: SocialSync.name, directory: directory.path), logger: logger)
        let groups = [RunningGroup(identity.group), RunningGroup(social.group)]
        let producer = try KafkaProducer.make(config: cluster.clientConfig, logger: logger)
        let existing = ContactEvent(
            id: "crm-1", tenant: "dev", type: .upsert, occurredAt: "2026-11-20T08:00:00Z", source: "crm",
            identifiers: ["email": "ada@example.com"])
        try await producer.send([
            OutgoingMessage(
                topic: cluster.topic("cdp.contact-events"), key: "dev", value: try Topics.contactEvents.encode(existing)
            )
        ])
        let store = identity.store
        #expect(
            try await eventually { try store.contactID(tenant: "dev", kind: "email", value: "ada@example.com") != nil })
        let contactID = try #require(try store.contactID(tenant: "dev", kind: "email", value: "ada@example.com"))
        #expect(try await eventually { social.worker.httpPort != nil && social.worker.readiness.isReady })

        // When a LINE file with that e-mail (written differently) is imported
        var request = URLRequest(
            url: URL(string: "http://127.0.0.1:\(social.worker.httpPort!)/v1/social/imports?channel=line")!)
        request.httpMethod = "POST"
        request.setValue("Bearer \(TestTokens.admin)", forHTTPHeaderField: "Authorization")
        request.httpBody = Data("LINE UID,Name,Email\nU4af49806,Ada,ADA@example.com \n".utf8)
        let (_, response) = try await URLSession.shared.data(for: request)

        // Then the resolver puts the LINE UID on the existing contact, and the channel contact learns its contact_id
        #expect((response as! HTTPURLResponse).statusCode == 202)
        let linked = try await eventually {
            try social.store.contact(tenant: "dev", channel: .line, userID: "U4af49806")?.contactId == contactID
        }
        #expect(linked)
        #expect(try store.contactID(tenant: "dev", kind: "line_uid", value: "U4af49806") == contactID)
        let contacts = try await identity.worker.database.read {
            try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM contacts")
        }
        #expect(contacts == 1)

        // When a follower known only by its LINE UID arrives, and then both LINE contacts are deleted
        try await producer.send([
            OutgoingMessage(
                topic: cluster.topic("cdp.social-events"), key: "dev/line/U77",
                value: try Topics.socialEvents.encode(
                    SocialEvent(
                        id: "follow-77", tenant: "dev", channel: "line", channelUserId: "U77", type: "followed",
                        occurredAt: "2026-11-20T08:05:00Z", source: "webhook")))
        ])
        #expect(try await eventually { try store.contactID(tenant: "dev", kind: "line_uid", value: "U77") != nil })
        let followerID = try #require(try store.contactID(tenant: "dev", kind: "line_uid", value: "U77"))
        for user in ["U4af49806", "U77"] {
            var delete = URLRequest(
                url: URL(
                    string: "http://127.0.0.1:\(social.worker.httpPort!)/v1/social/contacts/line/\(user)?confirm=DELETE"
                )!)
            delete.httpMethod = "DELETE"
            delete.setValue("Bearer \(TestTokens.admin)", forHTTPHeaderField: "Authorization")
            let (_, deleted) = try await URLSession.shared.data(for: delete)
            #expect((deleted as! HTTPURLResponse).statusCode < 300)
        }

        // Then the unified contact keeps its e-mail without the LINE UID, and the follower's, left with nothing to be
        // found by, is deleted
        #expect(
            try await eventually {
                try store.contactID(tenant: "dev", kind: "line_uid", value: "U4af49806") == nil
                    && store.contact(tenant: "dev", id: followerID) == nil
            })
        #expect(try store.contact(tenant: "dev", id: contactID)?.identifiers == ["email": ["ada@example.com"]])
        #expect(try store.contactID(tenant: "dev", kind: "line_uid", value: "U77") == nil)
        for group in groups { _ = await group.stop() }
    }
}
