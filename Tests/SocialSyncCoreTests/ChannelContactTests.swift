import Foundation
import GRDB
import RosterKafka
import RosterModel
import RosterRuntime
import RosterTestSupport
import Testing

@testable import SocialSyncCore

@Suite("Channel contacts from social events", .serialized, .timeLimit(.minutes(2)))
struct ChannelContactTests {
    @Test func subscribeThenUnsubscribeMovesTheEffectiveCountByExactlyOneEachWay() async throws {
        // Given two subscribed LINE users
        let harness = try SocialHarness()
        try await harness.apply([
            SocialHarness.event("f1", "followed", user: "U1"), SocialHarness.event("f2", "followed", user: "U2"),
        ])
        let before = try await harness.call("GET", "/v1/social/counts?channel=line").json

        // When one unsubscribes through the API, and later follows again by an event
        let unsubscribe = try await harness.call("POST", "/v1/social/contacts/line/U1/unsubscribe")
        let during = try await harness.call("GET", "/v1/social/counts?channel=line").json
        try await harness.apply([SocialHarness.event("f3", "subscribed", user: "U1", minute: 5)])
        let after = try await harness.call("GET", "/v1/social/counts?channel=line").json

        // Then effective goes 2 → 1 → 2 while the total stays 2, and other channels are untouched
        #expect(unsubscribe.status == 202 && unsubscribe.json["applied"] as? Bool == true)
        #expect(before["effective"] as? Int == 2 && before["total"] as? Int == 2)
        #expect(during["effective"] as? Int == 1 && during["total"] as? Int == 2)
        #expect(after["effective"] as? Int == 2 && after["total"] as? Int == 2)
        #expect(
            try harness.store.counts(tenant: "dev", channel: .facebook)
                == .init(channel: "facebook", effective: 0, total: 0))
        await harness.stop()
    }

    @Test func deleteRequiresTheWordDeleteAndLeavesNothingBehind() async throws {
        // Given a tagged LINE contact with an e-mail
        let harness = try SocialHarness()
        try await harness.apply([
            SocialHarness.event("t1", "tag_added", user: "U9") {
                $0.tags = ["vip"]; $0.email = "u9@example.com"
            }
        ])

        // When it is deleted without the confirmation word, then with it
        let refused = try await harness.call("DELETE", "/v1/social/contacts/line/U9?confirm=yes")
        let stillThere = try harness.contact("U9")
        let deleted = try await harness.call("DELETE", "/v1/social/contacts/line/U9?confirm=DELETE")

        // Then the first is a 400 naming the field, and after the second no row, tag or count remains, the detail is
        // 404, and the snapshot topic ends with a tombstone for it
        #expect(refused.status == 400)
        #expect((refused.json["error"] as? [String: Any])?["details"].map { "\($0)" }?.contains("confirm") == true)
        #expect(stillThere != nil)
        #expect(deleted.status == 202 && deleted.json["applied"] as? Bool == true)
        #expect(try harness.contact("U9") == nil)
        #expect(try harness.rowsMentioning("U9") == 0)
        #expect(try harness.store.counts(tenant: "dev", channel: .line).total == 0)
        #expect(try await harness.call("GET", "/v1/social/contacts/line/U9").status == 404)
        let snapshots = try await TopicReader.read(
            harness.cluster.topic("cdp.social-contacts"), cluster: harness.cluster, atLeast: 3)
        let forU9 = snapshots.filter { $0.keyString == "dev/line/U9" }
        #expect(forU9.count == 2 && forU9.last?.value == nil)
        await harness.stop()
    }

    @Test func searchWithSeveralConditionsReturnsExactlyTheExpectedContactsAndTheExportListsThem() async throws {
        // Given five LINE contacts differing in tag, subscription, e-mail and interaction time
        let harness = try SocialHarness()
        try await harness.apply([
            SocialHarness.event("a", "tag_added", user: "A", minute: 1) {
                $0.tags = ["vip"]; $0.email = "a@example.com"
            },
            SocialHarness.event("a2", "customer_message", user: "A", minute: 10),
            SocialHarness.event("b", "tag_added", user: "B", minute: 2) {
                $0.tags = ["vip"]; $0.email = "b@example.com"
            },
            SocialHarness.event("b2", "customer_message", user: "B", minute: 40),
            SocialHarness.event("c", "tag_added", user: "C", minute: 3) {
                $0.tags = ["vip"]; $0.email = "c@example.com"
            },
            SocialHarness.event("c2", "customer_message", user: "C", minute: 11),
            SocialHarness.event("c3", "unsubscribed", user: "C", minute: 12),
            SocialHarness.event("d", "tag_added", user: "D", minute: 4) { $0.tags = ["vip"] },
            SocialHarness.event("d2", "customer_message", user: "D", minute: 12),
            SocialHarness.event("e", "customer_message", user: "E", minute: 13) { $0.email = "e@example.com" },
        ])
        let conditions =
            "channel=line&tag=vip&subscribed=true&has=email"
            + "&customer_last_interaction_at=2026-11-20T08:00:00Z..2026-11-20T08:30:00Z"

        // When the channel is searched with four conditions, and its ids exported with the same search
        let found = try await harness.call("GET", "/v1/social/contacts?\(conditions)")
        let export = try await harness.call("GET", "/v1/social/export?\(conditions)")
        let all = try await harness.call("GET", "/v1/social/export?channel=line")
        let untagged = try await harness.call("GET", "/v1/social/export?channel=line&no_tag=vip")

        // Then only A matches (B interacted too late, C unsubscribed, D has no e-mail, E has no tag)
        let ids = (found.json["contacts"] as? [[String: Any]])?.compactMap { $0["channel_user_id"] as? String }
        #expect(found.json["total"] as? Int == 1)
        #expect(ids == ["A"])
        #expect(export.text == "LINE UID\r\nA\r\n")
        #expect(all.text == "LINE UID\r\nA\r\nB\r\nC\r\nD\r\nE\r\n")
        #expect(untagged.text == "LINE UID\r\nE\r\n")
        await harness.stop()
    }

    @Test func searchByAValueFindsTheContactHoldingItAsTheFieldStoresIt() async throws {
        // Given three LINE contacts with e-mails, phones, member ids and a custom level
        let harness = try SocialHarness()
        try await harness.apply([
            SocialHarness.event("a", "profile_updated", user: "A", minute: 1) {
                $0.email = "ann@example.com"; $0.phone = "886911223344"; $0.memberId = "M-1"
            },
            SocialHarness.event("b", "profile_updated", user: "B", minute: 2) {
                $0.email = "bo@example.com"; $0.phone = "886911223355"; $0.memberId = "M-2"
            },
            SocialHarness.event("c", "followed", user: "C", minute: 3),
            SocialHarness.event("a2", "attribute_set", user: "A", minute: 4) { $0.attributes = ["level": .int(3)] },
            SocialHarness.event("b2", "attribute_set", user: "B", minute: 5) { $0.attributes = ["level": .int(5)] },
        ])
        func ids(_ conditions: String) async throws -> [String] {
            let found = try await harness.call("GET", "/v1/social/contacts?channel=line&\(conditions)")
            return (found.json["contacts"] as? [[String: Any]])?.compactMap { $0["channel_user_id"] as? String } ?? []
        }

        // Then each value finds its contact: an e-mail in any case, a phone written with + and spaces, a member
        // id, an attribute compared as text, and two values together only when one contact has both
        #expect(try await ids("email=ANN@Example.com") == ["A"])
        #expect(try await ids("phone=%2B886%20911%20223%20355") == ["B"])
        #expect(try await ids("member_id=M-2") == ["B"])
        #expect(try await ids("attribute.level=3") == ["A"])
        #expect(try await ids("email=ann@example.com&member_id=M-2") == [])
        #expect(try await ids("missing=member_id") == ["C"])
        let refused = try await harness.call("GET", "/v1/social/contacts?channel=line&phone=call-me")
        #expect(refused.status == 400)
        await harness.stop()
    }

    @Test func detailShowsExactlyTheChannelsFields() async throws {
        // Given a Facebook and a WhatsApp contact
        let harness = try SocialHarness()
        try await harness.apply([
            SocialHarness.event("fb", "recurring_notification_opt_in", channel: "facebook", user: "P1"),
            SocialHarness.event("wa", "followed", channel: "whatsapp", user: "886911223344"),
        ])

        // When their details are read
        let facebook = try await harness.call("GET", "/v1/social/contacts/facebook/P1").json
        let whatsapp = try await harness.call("GET", "/v1/social/contacts/whatsapp/886911223344").json

        // Then each has exactly its channel's fields
        #expect(Set(facebook.keys) == Set(Channel.facebook.fields + ["channel"]))
        #expect(facebook["recurring_notification"] as? Bool == true)
        #expect(Set(whatsapp.keys) == Set(Channel.whatsapp.fields + ["channel"]))
        #expect(whatsapp["recurring_notification"] == nil)
        await harness.stop()
    }

    @Test func anInvalidEventGoesToTheDeadLetterTopicWithItsReason() async throws {
        // Given a tag event with no tags, followed by a valid one
        let harness = try SocialHarness()
        try await harness.apply([
            SocialHarness.event("bad", "tag_added", user: "U1"), SocialHarness.event("good", "followed", user: "U2"),
        ])

        // Then the bad one is dead-lettered naming the field, and the good one applied
        let letters = try await TopicReader.read(
            harness.cluster.topic("cdp.dead-letter"), cluster: harness.cluster, atLeast: 1)
        #expect(letters.count == 1)
        #expect(
            letters.first?.header(DeadLetterHeaders.error)?.stringValue
                == "invalid_social_event: social event bad: tags must list at least one non-empty tag for tag_added")
        #expect(try harness.contact("U1") == nil)
        #expect(try harness.contact("U2")?.subscribed == true)
        await harness.stop()
    }
}
