import Foundation
import Logging
import RosterKafka
import RosterModel
import RosterRuntime
import RosterTestSupport
import Testing

@testable import SocialSyncCore

@Suite("Unified profiles flowing back onto channel contacts", .serialized, .timeLimit(.minutes(2)))
struct ProfileLinkTests {
    private func profile(_ id: String, _ identifiers: [String: [String]]) -> ProfileSnapshot {
        ProfileSnapshot(
            tenant: "dev", contactId: id, eventId: "ev-\(id)", identifiers: identifiers, attributes: [:], tags: [],
            subscriptions: Subscriptions(), createdAt: "2026-11-20T08:00:00Z", updatedAt: "2026-11-20T08:00:00Z")
    }

    private func send(_ harness: SocialHarness, key: String, _ profile: ProfileSnapshot?, headers: [KafkaHeader] = [])
        async throws
    {
        let producer = try KafkaProducer.make(config: harness.cluster.clientConfig, logger: Logger(label: "profiles"))
        try await producer.send([
            OutgoingMessage(
                topic: harness.cluster.topic("cdp.profiles"), key: key, value: try profile.map(Topics.profiles.encode),
                headers: headers)
        ])
    }

    @Test func aProfileLinksMergesAndDeletesChannelContacts() async throws {
        // Given a LINE and a Facebook contact
        let harness = try SocialHarness()
        try await harness.apply([
            SocialHarness.event("l", "followed", user: "U1"),
            SocialHarness.event("f", "followed", channel: "facebook", user: "P1"),
        ])

        // When profiles list them (c_old with U1 and a new e-mail, c_new with P1)
        try await send(harness, key: "dev/c_old", profile("c_old", ["line_uid": ["U1"], "email": ["ada@example.com"]]))
        try await send(harness, key: "dev/c_new", profile("c_new", ["fb_psid": ["P1"]]))
        let linked = try await eventually {
            try harness.contact("U1")?.contactId == "c_old"
                && harness.contact("P1", channel: .facebook)?.contactId == "c_new"
        }

        // Then each learns its contact id and the LINE contact the e-mail
        #expect(linked)
        #expect(try harness.contact("U1")?.email == "ada@example.com")

        // When c_old is merged into c_new, and later c_new is deleted
        try await send(
            harness, key: "dev/c_old", nil,
            headers: [KafkaHeader(name: ProfileTombstoneHeaders.mergedInto, string: "c_new")])
        let moved = try await eventually { try harness.contact("U1")?.contactId == "c_new" }
        try await send(harness, key: "dev/c_new", nil)
        let deleted = try await eventually {
            try harness.contact("U1") == nil && harness.contact("P1", channel: .facebook) == nil
        }

        // Then the LINE contact follows the merge, and the delete removes both channel contacts
        #expect(moved)
        #expect(deleted)
        #expect(try harness.store.counts(tenant: "dev", channel: .line).total == 0)
        await harness.stop()
    }

    @Test func aDeletionThatAnUnlinkMadeLeavesChannelContactsInPlace() async throws {
        // Given a LINE user re-created under the id of one just deleted, still linked (by a snapshot read late) to
        // the unified contact that the deletion's contact.unlink emptied, and another LINE user
        let harness = try SocialHarness()
        try await harness.apply([
            SocialHarness.event("l2", "followed", user: "U2"), SocialHarness.event("l3", "followed", user: "U3"),
        ])
        try await send(harness, key: "dev/c_gone", profile("c_gone", ["line_uid": ["U2"]]))
        #expect(try await eventually { try harness.contact("U2")?.contactId == "c_gone" })

        // When the resolver's tombstone of that contact arrives, saying contact.unlink deleted it (and, after it on
        // the same key, a snapshot that links the other user, to know the tombstone was applied)
        try await send(
            harness, key: "dev/c_gone", nil,
            headers: [KafkaHeader(name: ProfileTombstoneHeaders.deletedBy, string: "contact.unlink")])
        try await send(harness, key: "dev/c_gone", profile("c_gone", ["line_uid": ["U3"]]))
        #expect(try await eventually { try harness.contact("U3")?.contactId == "c_gone" })

        // Then the re-created LINE contact is still there
        #expect(try harness.contact("U2") != nil)
        #expect(try harness.store.counts(tenant: "dev", channel: .line).total == 2)
        await harness.stop()
    }
}
