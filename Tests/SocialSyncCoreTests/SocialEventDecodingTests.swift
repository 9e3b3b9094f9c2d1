import RosterModel
import Testing

@testable import SocialSyncCore

@Suite("Social events read by hand and times kept in their one form")
struct SocialEventDecodingTests {
    static let full = SocialEvent(
        id: "fb-9912", tenant: "acme", channel: "facebook", channelUserId: "6021539347898431", type: "imported",
        occurredAt: "2026-03-14T07:58:21.002Z",
        attributes: ["language": .string("en"), "points": .int(3), "ratio": .double(0.5), "gone": .null],
        source: "import:j1", displayName: "Ada \"A\" Wong\\ / 黃\n", avatarUrl: "https://example.com/a.png",
        memberId: "M-1", email: "ada@example.com", phone: "886911223344", tags: ["vip", "新客"], overwriteTags: true,
        teammate: "T007", storeCode: "TPE-01", role: "sales", overQuota: false)

    static let sparse = SocialEvent(
        id: "e1", tenant: "dev", channel: "line", channelUserId: "U1", type: "followed",
        occurredAt: "2026-03-14T07:58:21Z")

    @Test(arguments: [full, sparse])
    func readsAsTheWireCodecDoes(_ event: SocialEvent) throws {
        // Given an event with every field (and characters to escape), and one with only the required fields
        let bytes = try Topics.socialEvents.encode(event)

        // When the hand-written reader and the wire codec (Foundation's decoder) read its bytes
        let mine = try SocialEvent.read(bytes)

        // Then both give the event back
        #expect(mine == event)
        #expect(try Topics.socialEvents.decode(bytes) == event)
    }

    @Test func nullOptionalFieldsAreAbsent() throws {
        // Given an event whose optional fields are written as null
        let text = """
            {"schema":"roster.social-event/v1","id":"e1","tenant":"dev","channel":"line","channel_user_id":"U1",
            "type":"tag_added","occurred_at":"2026-03-14T07:58:21Z","tags":null,"email":null,"attributes":null}
            """

        // When it is read
        let event = try SocialEvent.read(Array(text.utf8))

        // Then they are nil, as the wire codec reads them
        #expect(event == Self.sparse.with { $0.type = "tag_added" })
        #expect(try Topics.socialEvents.decode(Array(text.utf8)) == event)
    }

    @Test func aMissingOrMistypedFieldIsNamed() {
        // Given events missing a required field, with a required field null, and with fields of the wrong type
        let cases: [(String, WireError)] = [
            (
                #"{"schema":"roster.social-event/v1","tenant":"dev","channel":"line","channel_user_id":"U1","type":"x","occurred_at":"t"}"#,
                WireError(field: "id", reason: "is required")
            ),
            (
                #"{"schema":"roster.social-event/v1","id":null,"tenant":"dev","channel":"line","channel_user_id":"U1","type":"x","occurred_at":"t"}"#,
                WireError(field: "id", reason: "must be text, not null")
            ),
            (
                #"{"schema":"roster.social-event/v1","id":"e","tenant":"dev","channel":"line","channel_user_id":7,"type":"x","occurred_at":"t"}"#,
                WireError(field: "channel_user_id", reason: "must be text")
            ),
            (
                #"{"schema":"roster.social-event/v1","id":"e","tenant":"dev","channel":"line","channel_user_id":"U","type":"x","occurred_at":"t","tags":["a",2]}"#,
                WireError(field: "tags.1", reason: "must be text")
            ),
            (
                #"{"schema":"roster.social-event/v1","id":"e","tenant":"dev","channel":"line","channel_user_id":"U","type":"x","occurred_at":"t","over_quota":"yes"}"#,
                WireError(field: "over_quota", reason: "must be true or false")
            ),
        ]
        for (text, expected) in cases {
            // When each is read
            // Then the error names the field and the reason, as the wire codec's does
            #expect(throws: expected) { try SocialEvent.read(Array(text.utf8)) }
            #expect(throws: expected) { try Topics.socialEvents.decode(Array(text.utf8)) }
        }
    }

    @Test func timesAlreadyInTheOneFormAreKeptAsTheyAre() {
        // Given times in the stored form (milliseconds that a round trip through a Date would lower), and others
        let kept = ["2026-11-20T08:00:00.002Z", "2024-02-29T23:59:59.999Z", "2026-01-01T00:00:00.000Z"]

        // When they are put in the one form
        // Then stored-form times come back unchanged, and other RFC 3339 times are converted
        for time in kept { #expect(Timestamps.canonical(time) == time) }
        #expect(Timestamps.canonical("2026-11-20T08:00:00Z") == "2026-11-20T08:00:00.000Z")
        #expect(Timestamps.canonical("2026-11-20T16:00:00+08:00") == "2026-11-20T08:00:00.000Z")
        // And days, hours and seconds that do not exist are left to Foundation, which rolls them over
        #expect(Timestamps.canonical("2026-02-30T00:00:00.000Z") == "2026-03-02T00:00:00.000Z")
        #expect(Timestamps.canonical("2026-11-20T24:00:00.000Z") == "2026-11-21T00:00:00.000Z")
        #expect(Timestamps.canonical("2026-13-01T00:00:00.000Z") == nil)
        #expect(Timestamps.canonical("yesterday") == nil)
    }
}

extension SocialEvent {
    /// A copy with changes.
    fileprivate func with(_ change: (inout SocialEvent) -> Void) -> SocialEvent {
        var copy = self
        change(&copy)
        return copy
    }
}
