import RosterModel
import Testing

@testable import IdentityCore

@Suite("Reading contact events the fast way gives what the Foundation decoder gives")
struct ContactEventReaderTests {
    static let envelopes: [String] = [
        #"{"schema":"roster.contact-event/v1","id":"e1","tenant":"dev","type":"contact.upsert","occurred_at":"2026-11-20T08:00:00Z","identifiers":{"email":"a@b.example","mobile":"13800000001"},"attributes":{"name":"Ann","member_points":12,"order_amount":12.5,"scaled":1.0,"big":1e3,"flag":true,"nothing":null,"list":[1,2.0,"x"],"nested":{"n":3.0}},"tags":["vip"],"hidden_tags":["h"],"mode":"fast","source":"import:j1"}"#,
        #"{"schema":"roster.contact-event/v1","id":"e2","tenant":"dev","type":"contact.subscription","occurred_at":"2026-11-20T08:00:00Z","identifiers":{"email":"a@b.example"},"channel":"global","subscribed":false,"source":null}"#,
        #"{"schema":"roster.contact-event/v1","id":"e3","tenant":"dev","type":"contact.activity","occurred_at":"2026-11-20T08:00:00Z","identifiers":{"anonymous_id":"x"},"event":"email_open","properties":{"campaign":"c1","opens":2}}"#,
        #"{"schema":"roster.contact-event/v1","id":"e4","tenant":"dev","type":"contact.tags","occurred_at":"2026-11-20T08:00:00Z","identifiers":{"email":"a@b.example"},"remove_tags":["vip"]}"#,
    ]

    @Test(arguments: envelopes)
    func fastReadingEqualsFoundationDecoding(_ envelope: String) throws {
        // Given an envelope of a contact type
        let bytes = Array(envelope.utf8)
        // When it is read both ways
        let fast = try #require(ContactEventReader.fastDecode(bytes))
        // Then both give the same event
        #expect(fast == (try Topics.contactEvents.decode(bytes)))
    }

    static let foundationOnly: [String] = [
        // a metadata type
        #"{"schema":"roster.contact-event/v1","id":"m1","tenant":"dev","type":"metadata.blocklist","occurred_at":"2026-11-20T08:00:00Z","blocked_values":["x"]}"#,
        // an identifier that is not text
        #"{"schema":"roster.contact-event/v1","id":"e5","tenant":"dev","type":"contact.upsert","occurred_at":"2026-11-20T08:00:00Z","identifiers":{"mobile":13800000001}}"#,
        // an unknown mode
        #"{"schema":"roster.contact-event/v1","id":"e6","tenant":"dev","type":"contact.upsert","occurred_at":"2026-11-20T08:00:00Z","identifiers":{"email":"a@b.example"},"mode":"quick"}"#,
        // a required member missing
        #"{"schema":"roster.contact-event/v1","tenant":"dev","type":"contact.upsert","occurred_at":"2026-11-20T08:00:00Z"}"#,
        // not JSON
        #"{"schema":"#,
    ]

    @Test(arguments: foundationOnly)
    func anythingElseTakesTheFoundationPathAndItsError(_ envelope: String) throws {
        // Given an envelope the fast reader does not take
        let bytes = Array(envelope.utf8)
        #expect(ContactEventReader.fastDecode(bytes) == nil)
        // Then decoding gives exactly what the Foundation decoder gives, error included
        let foundation = Result { try Topics.contactEvents.decode(bytes) }
        let read = Result { try ContactEventReader.decode(bytes) }
        switch (foundation, read) {
        case (.success(let expected), .success(let actual)): #expect(actual == expected)
        case (.failure(let expected), .failure(let actual)): #expect("\(actual)" == "\(expected)")
        default: Issue.record("the two decodings disagree: \(foundation) vs \(read)")
        }
    }
}
