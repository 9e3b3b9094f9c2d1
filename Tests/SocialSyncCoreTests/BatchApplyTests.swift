import Foundation
import RosterKafka
import RosterModel
import RosterRuntime
import RosterTestSupport
import Testing

@testable import SocialSyncCore

@Suite("Social events applied a batch at a time", .serialized, .timeLimit(.minutes(2)))
struct BatchApplyTests {
    /// The snapshots on `cdp.social-contacts` for a key, oldest first.
    private func snapshots(_ harness: SocialHarness, key: String, atLeast: Int) async throws -> [SocialContactSnapshot?]
    {
        try await TopicReader.read(
            harness.cluster.topic("cdp.social-contacts"), cluster: harness.cluster, atLeast: atLeast
        )
        .filter { $0.keyString == key }
        .map { message in try message.value.map { try Topics.socialContacts.decode($0) } }
    }

    /// The contact events on `cdp.contact-events` that name a LINE user.
    private func identityEvents(_ harness: SocialHarness, user: String, atLeast: Int) async throws -> [ContactEvent] {
        try await TopicReader.read(
            harness.cluster.topic("cdp.contact-events"), cluster: harness.cluster, atLeast: atLeast
        )
        .compactMap { message in try message.value.map { try Topics.contactEvents.decode($0) } }
        .filter { $0.identifiers?["line_uid"] == user }
    }

    @Test func aBatchWritesEachContactOnceAndPublishesOnlyItsLatestSnapshot() async throws {
        // Given six events waiting for a worker not yet running: five for U1, one for U2
        let harness = try SocialHarness(start: false)
        try await harness.send([
            SocialHarness.event("u1-1", "followed", user: "U1", minute: 1),
            SocialHarness.event("u1-2", "tag_added", user: "U1", minute: 2) { $0.tags = ["vip"] },
            SocialHarness.event("u1-3", "customer_message", user: "U1", minute: 3),
            SocialHarness.event("u1-4", "team_message", user: "U1", minute: 4) { $0.email = "u1@example.com" },
            SocialHarness.event("u1-5", "unsubscribed", user: "U1", minute: 5),
            SocialHarness.event("u2-1", "followed", user: "U2", minute: 6),
        ])

        // When the worker starts and applies them, in one batch
        harness.start()
        try await harness.apply([])

        // Then U1 carries every event's effect, the counts moved once per contact, U1's one snapshot is its latest
        // state, and the resolver heard of U1 when it appeared and when its e-mail was learned
        let u1 = try #require(try harness.contact("U1"))
        #expect(u1.subscribed == false)
        #expect(u1.subscribedAt == "2026-11-20T08:01:00.000Z")
        #expect(u1.tags == ["vip"])
        #expect(u1.email == "u1@example.com")
        #expect(u1.customerLastInteractionAt == "2026-11-20T08:03:00.000Z")
        #expect(u1.teamLastInteractionAt == "2026-11-20T08:04:00.000Z")
        #expect(u1.eventId == "u1-5")
        #expect(
            try harness.store.counts(tenant: "dev", channel: .line) == .init(channel: "line", effective: 1, total: 2))
        #expect(try await snapshots(harness, key: "dev/line/U1", atLeast: 3) == [u1])
        #expect(try await identityEvents(harness, user: "U1", atLeast: 3).map(\.id) == ["social:u1-1", "social:u1-4"])
        let frequency = try harness.store.tagFrequency(
            tenant: "dev", channel: .line, from: "2026-01-01", to: "2026-12-31")
        #expect(frequency.map { "\($0.0)=\($0.1)" } == ["vip=1"])
        await harness.stop()
    }

    @Test func aBadEventInABatchIsDeadLetteredAndTheOthersAppliedExactlyOnce() async throws {
        // Given a batch waiting for the worker: U1 follows, a tag event without tags, then U1 is tagged and U2 follows
        let harness = try SocialHarness(start: false)
        try await harness.send([
            SocialHarness.event("ok-1", "followed", user: "U1", minute: 1),
            SocialHarness.event("bad", "tag_added", user: "U1", minute: 2),
            SocialHarness.event("ok-2", "tag_added", user: "U1", minute: 3) { $0.tags = ["vip"] },
            SocialHarness.event("ok-3", "followed", user: "U2", minute: 4),
        ])

        // When the worker starts and applies them (the batch fails once, and is applied again message by message)
        harness.start()
        try await harness.apply([])

        // Then the bad event alone is dead-lettered, and nothing the failed attempt kept in memory shows: U1 is
        // followed and tagged once, the counts are exact, and the resolver heard of U1 once
        let letters = try await TopicReader.read(
            harness.cluster.topic("cdp.dead-letter"), cluster: harness.cluster, atLeast: 1)
        #expect(letters.map(\.keyString) == ["dev/line/U1"])
        let u1 = try #require(try harness.contact("U1"))
        #expect(u1.subscribed && u1.tags == ["vip"] && u1.eventId == "ok-2")
        #expect(try harness.contact("U2")?.subscribed == true)
        #expect(
            try harness.store.counts(tenant: "dev", channel: .line) == .init(channel: "line", effective: 2, total: 2))
        #expect(try await identityEvents(harness, user: "U1", atLeast: 2).map(\.id) == ["social:ok-1"])
        #expect(try await snapshots(harness, key: "dev/line/U1", atLeast: 2).last == u1)
        await harness.stop()
    }

    @Test func manyContactsInABatchAreEachWrittenAndPublishedAsTheirOwn() async throws {
        // Given 150 followers stored by earlier batches, each with its own name
        let harness = try SocialHarness()
        let users = (0..<150).map { "U\($0)" }
        try await harness.apply(
            users.enumerated().map { index, user in
                SocialHarness.event("f-\(user)", "followed", user: user, minute: 1) { $0.displayName = "User \(index)" }
            })

        // When each is tagged and writes a message, the later half first, in batches of up to 200 events
        try await harness.apply(
            (users.suffix(75) + users.prefix(75)).flatMap { user in
                [
                    SocialHarness.event("t-\(user)", "tag_added", user: user, minute: 2) { $0.tags = ["vip"] },
                    SocialHarness.event("m-\(user)", "customer_message", user: user, minute: 3),
                ]
            })

        // Then every contact kept its own stored name and creation and carries both events, counted once, and its
        // last snapshot is that state
        for (index, user) in users.enumerated() {
            let contact = try #require(try harness.contact(user))
            #expect(contact.displayName == "User \(index)" && contact.createdAt == "2026-11-20T08:01:00.000Z")
            #expect(contact.tags == ["vip"] && contact.customerLastInteractionAt == "2026-11-20T08:03:00.000Z")
            #expect(contact.eventId == "m-\(user)")
        }
        #expect(
            try harness.store.counts(tenant: "dev", channel: .line)
                == .init(channel: "line", effective: 150, total: 150))
        #expect(try await snapshots(harness, key: "dev/line/U42", atLeast: 300).last == (try harness.contact("U42")))
        await harness.stop()
    }

    @Test func aContactDeletedAndFollowedAgainEndsAsANewContact() async throws {
        // Given a tagged contact
        let harness = try SocialHarness()
        try await harness.apply([SocialHarness.event("t", "tag_added", user: "U1") { $0.tags = ["vip"] }])

        // When it is deleted and follows again, sent together
        try await harness.apply([
            SocialHarness.event("d", "deleted", user: "U1", minute: 1),
            SocialHarness.event("f", "followed", user: "U1", minute: 2),
        ])

        // Then U1 is a new contact without the old tag, counted once, after a tombstone on the snapshot topic
        let u1 = try #require(try harness.contact("U1"))
        #expect(u1.tags.isEmpty && u1.createdAt == "2026-11-20T08:02:00.000Z")
        #expect(
            try harness.store.counts(tenant: "dev", channel: .line) == .init(channel: "line", effective: 1, total: 1))
        #expect(try await snapshots(harness, key: "dev/line/U1", atLeast: 4).suffix(2) == [nil, u1])
        await harness.stop()
    }
}
