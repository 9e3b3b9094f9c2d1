import Foundation
import RosterModel
import Testing

/// The segmenter's payloads read and written without Foundation's coders give what those coders give.
@Suite("Profile, activity and membership payloads through the fast JSON path")
struct PayloadCodingTests {
    static let values: [String: JSONValue] = [
        "name": .string("Zoë \"Z\" 王小明 😀 a/b\n"), "points": .int(-42), "rating": .double(4.25),
        "vip": .bool(true), "none": .null, "list": .array([.int(1), .string("two")]),
        "nested": .object(["a": .object(["z": .null])]),
    ]

    private func foundationBytes<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    private func foundationDecoded<T: Decodable>(_ type: T.Type, _ bytes: [UInt8]) throws -> T {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(type, from: Data(bytes))
    }

    @Test(arguments: [nil, ["churn-risk"]] as [[String]?])
    func profileSnapshotReadsAsFoundationReadsIt(hiddenTags: [String]?) throws {
        // Given a snapshot as the resolver writes it
        let snapshot = ProfileSnapshot(
            tenant: "acme", contactId: "c_00ff", eventId: "e-1",
            identifiers: ["mobile": ["8613800000001"], "email": ["a@example.com"]], attributes: Self.values,
            tags: ["vip", "已购"], hiddenTags: hiddenTags, subscriptions: Subscriptions(global: true, email: false),
            createdAt: "2026-03-14T09:26:53Z", updatedAt: "2026-03-15T00:00:00Z")
        let bytes = try WireCodec.encode(snapshot)

        // When both decoders read it, then they agree
        let fast = try WireCodec.decode(ProfileSnapshot.self, from: bytes)
        #expect(fast == (try foundationDecoded(ProfileSnapshot.self, bytes)))
        #expect(fast == snapshot)
    }

    @Test func activityRecordReadsAsFoundationReadsIt() throws {
        let record = ActivityRecord(
            id: "e-1#0", tenant: "acme", contactId: "c_1", event: "order_paid", properties: Self.values,
            occurredAt: "2026-03-14T09:26:53Z")
        let bytes = try WireCodec.encode(record)
        let fast = try WireCodec.decode(ActivityRecord.self, from: bytes)
        #expect(fast == (try foundationDecoded(ActivityRecord.self, bytes)))
        #expect(fast == record)
    }

    @Test func missingOrMistypedMemberIsNamed() throws {
        let missing = #expect(throws: WireError.self) {
            try WireCodec.decode(
                ActivityRecord.self,
                from: Array(#"{"schema":"s","id":"e","tenant":"t","event":"x","properties":{},"occurred_at":"z"}"#.utf8)
            )
        }
        #expect(missing?.field == "contact_id")
        #expect(missing?.reason == "is required")
        let mistyped = #expect(throws: WireError.self) {
            try WireCodec.decode(
                ProfileSnapshot.self,
                from: Array(
                    #"{"schema":"s","tenant":"t","contact_id":"c","event_id":"e","identifiers":{},"attributes":{},"tags":[],"subscriptions":{"global":true,"email":"no","mobile":true},"created_at":"a","updated_at":"b"}"#
                        .utf8))
        }
        #expect(mistyped?.field == "subscriptions.email")
    }

    @Test(arguments: [SegmentMembershipChange.Status.entered, .exited])
    func membershipChangeBytesMatchFoundation(status: SegmentMembershipChange.Status) throws {
        let change = SegmentMembershipChange(
            id: "s1-c/1-v2-enter-3", tenant: "acme", segmentId: "s1", contactId: "c/1", status: status,
            definitionVersion: 2, changedAt: "2026-11-24T00:00:00Z")
        #expect(try WireCodec.encode(change) == (try foundationBytes(change)))
    }
}
