import Foundation
import RosterModel
import Testing

@testable import SocialSyncCore

@Suite("Channel contact snapshots written by hand")
struct SnapshotJSONTests {
    static let full = SocialContactSnapshot(
        tenant: "acme", channel: "facebook", channelUserId: "6021539347898431", contactId: "c_8f14e45fceea167a",
        displayName: "Ada \"A\" Wong\\ / 黃\n\t\u{1}", avatarUrl: "https://example.com/a.png", memberId: "M-1",
        email: "ada@example.com", phone: "886911223344", subscribed: true, subscribedAt: "2026-03-14T07:58:21.000Z",
        socialBound: true, phoneBound: true, memberBound: false, recurringNotification: true,
        lastCheckoutAt: "2026-03-20T11:00:00.000Z", teamLastInteractionAt: "2026-03-18T09:30:00.000Z",
        teamLastMarketingAt: "2026-03-19T12:00:00.000Z", customerLastInteractionAt: "2026-03-18T09:29:00.000Z",
        overQuota: false, tags: ["vip", "新客"], attributes: ["language": .string("en"), "points": .int(3)],
        omoTeammate: "T007", omoStore: "TPE-01", testList: true, createdAt: "2026-03-14T07:58:21.000Z",
        updatedAt: "2026-03-20T11:00:00.000Z", eventId: "fb-webhook-9912")

    static let sparse = SocialContactSnapshot(
        tenant: "dev", channel: "whatsapp", channelUserId: "886911223344", subscribed: false,
        createdAt: "2026-03-14T07:58:21.000Z", updatedAt: "2026-03-14T07:58:21.000Z", eventId: "e1")

    @Test(arguments: [full, sparse])
    func bytesAreExactlyTheWireCodecs(_ snapshot: SocialContactSnapshot) throws {
        // Given a snapshot with every field (and characters to escape), and one with only the required fields

        // When it is encoded by the wire codec (its hand-written writer) and by Foundation's encoder
        let mine = try WireCodec.encode(snapshot)
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let foundation = try encoder.encode(snapshot)

        // Then the bytes are the same, and they decode to the snapshot
        #expect(String(decoding: mine, as: UTF8.self) == String(decoding: foundation, as: UTF8.self))
        #expect(try Topics.socialContacts.decode(mine) == snapshot)
    }
}
