import Foundation
import RosterModel
import Testing

/// The hand-written JSON writer and parser give what Foundation's coders give.
@Suite("Fast JSON")
struct FastJSONTests {
    /// What `WireCodec` wrote before it had a fast path.
    private func foundationBytes<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    private static let awkwardValues: [String: JSONValue] = [
        "name": .string("Zoë \"Z\" O'Neil\\ 王小明 😀 a/b\n\t\r\u{8}\u{c}\u{1}"),
        "points": .int(-9_223_372_036_854_775_808),
        "rating": .double(4.25),
        "whole": .double(3),
        "tiny": .double(1e-7),
        "huge": .double(1.5e300),
        "vip": .bool(true),
        "none": .null,
        "list": .array([.int(1), .string("two"), .array([]), .object([:])]),
        "nested": .object(["b": .int(2), "a": .object(["z": .null, "Z": .bool(false)])]),
        "Upper": .string(""),
        "_under": .string("x"),
    ]

    @Test func profileSnapshotBytesMatchFoundation() throws {
        // Given a snapshot with every field set and awkward attribute values
        let snapshot = ProfileSnapshot(
            tenant: "acme", contactId: "c_00ff", eventId: "e-1",
            identifiers: ["mobile": ["8613800000001"], "email": ["a@example.com", "b@example.com"]],
            attributes: Self.awkwardValues, tags: ["vip", "已购"], hiddenTags: ["churn-risk"],
            subscriptions: Subscriptions(global: true, email: false, mobile: true),
            createdAt: "2026-03-14T09:26:53Z", updatedAt: "2026-03-15T00:00:00Z")

        // When both encoders write it
        // Then the bytes are the same
        #expect(try WireCodec.encode(snapshot) == (try foundationBytes(snapshot)))
    }

    @Test(arguments: [
        ContactEvent(
            id: "imp_1:2", tenant: "acme", type: .upsert, occurredAt: "2026-03-14T09:26:53Z", source: "import:imp_1",
            identifiers: ["mobile": "8613800000001", "email": "a@example.com"], attributes: awkwardValues,
            tags: ["vip", "已购"], hiddenTags: ["churn-risk"], mode: .fast),
        ContactEvent(
            id: "s-1", tenant: "acme", type: .subscription, occurredAt: "2026-03-14T09:26:53Z",
            identifiers: ["email": "a@example.com"], channel: .email, subscribed: false),
        ContactEvent(
            id: "t-1", tenant: "acme", type: .tags, occurredAt: "2026-03-14T09:26:53Z",
            identifiers: ["line_uid": "U1"], tags: ["a"], removeTags: ["b", "c"]),
        ContactEvent(
            id: "a-1", tenant: "acme", type: .activity, occurredAt: "2026-03-14T09:26:53Z",
            identifiers: ["email": "a@example.com"], event: "order_paid", properties: awkwardValues),
        ContactEvent(
            id: "m-1", tenant: "acme", type: .attributeDefined, occurredAt: "2026-03-14T09:26:53Z",
            attributeDefinition: AttributeDefinition(
                key: "tier", label: "等级", type: .enum, primaryKey: false, options: ["gold", "silver"])),
        ContactEvent(
            id: "m-2", tenant: "acme", type: .eventDefined, occurredAt: "2026-03-14T09:26:53Z",
            eventDefinition: EventDefinition(
                key: "order_paid", label: "Order paid", properties: ["amount": .number, "channel": .text])),
        ContactEvent(
            id: "m-3", tenant: "acme", type: .blocklist, occurredAt: "2026-03-14T09:26:53Z",
            blockedValues: ["n/a"], unblockedValues: ["0"]),
        ContactEvent(
            id: "m-4", tenant: "acme", type: .settings, occurredAt: "2026-03-14T09:26:53Z",
            settings: TenantSettings(defaultCountry: "TW")),
    ])
    func contactEventBytesMatchFoundation(_ event: ContactEvent) throws {
        // Given a contact event of each kind, with awkward values where it has values
        // When both encoders write it
        // Then the bytes are the same
        #expect(try WireCodec.encode(event) == (try foundationBytes(event)))
    }

    @Test func activityRecordBytesMatchFoundation() throws {
        let record = ActivityRecord(
            id: "e-1#0", tenant: "acme", contactId: "c_1", event: "order_paid", properties: Self.awkwardValues,
            occurredAt: "2026-03-14T09:26:53Z")
        #expect(try WireCodec.encode(record) == (try foundationBytes(record)))
    }

    @Test func parsedValuesEqualFoundationDecoding() throws {
        // Given attributes as Foundation writes them
        let bytes = try foundationBytes(Self.awkwardValues)

        // When the fast parser and Foundation's decoder read them
        let fast = try WireCodec.decode([String: JSONValue].self, from: bytes)
        let decoder = JSONDecoder()
        let foundation = try decoder.decode([String: JSONValue].self, from: Data(bytes))

        // Then they agree value for value (a whole double reads back as an integer in both)
        #expect(fast == foundation)
        #expect(fast["whole"] == .int(3))
        #expect(fast["tiny"] == .double(1e-7))
    }

    @Test func escapesAndSurrogatePairsAreRead() throws {
        let value = try JSONParser.parse(Array(#"{"a":"\u00e9\ud83d\ude00\/\"","b":[1.5e2,-0,true,null]}"#.utf8))
        #expect(value == .object(["a": .string("é😀/\""), "b": .array([.double(150), .int(0), .bool(true), .null])]))
    }

    @Test func membersComeInTheOrderWrittenAndOnlyFromAnObject() throws {
        // Given an object with a repeated key, an array, and an object with trailing bytes
        let members = try JSONParser.parseMembers(Array(#" {"b":1,"a":{"x":[true]},"b":null} "#.utf8))

        // Then its members are read in order, the others are nil or an error
        #expect(members?.map(\.key) == ["b", "a", "b"])
        #expect(members?.map(\.value) == [.int(1), .object(["x": .array([.bool(true)])]), .null])
        #expect(try JSONParser.parseMembers(Array("[1]".utf8)) == nil)
        #expect(throws: WireError.self) { try JSONParser.parseMembers(Array(#"{"a":1} {"#.utf8)) }
    }

    @Test func stringsKeepTheirUTF8AndRejectInvalidBytes() throws {
        // Given plain ASCII, non-ASCII text, and a string with a byte that is not UTF-8, with and without escapes
        let text = Array(#"{"ascii":"plain","wide":"王小明 café","escaped":"é\n"}"#.utf8)
        let invalid: [[UInt8]] = [
            [0x22, 0x61, 0xFF, 0x62, 0x22], [0x22, 0x5C, 0x6E, 0xC3, 0x22],
        ]

        // Then the text reads back as written and the invalid bytes are an error
        #expect(
            try JSONParser.parse(text)
                == .object(["ascii": .string("plain"), "wide": .string("王小明 café"), "escaped": .string("é\n")]))
        for bytes in invalid {
            #expect(throws: WireError.self) { try JSONParser.parse(bytes) }
        }
    }

    @Test(arguments: [#"{"a":1"#, #"{"a" 1}"#, #"[1,]"#, #""\ud800""#, #"tru"#, #"{"a":1} x"#, #"-"#, #"1e400"#])
    func malformedDocumentsAreRejected(_ text: String) {
        #expect(throws: WireError.self) { try JSONParser.parse(Array(text.utf8)) }
    }

    @Test func wrongShapeNamesTheField() throws {
        let error = #expect(throws: WireError.self) {
            try WireCodec.decode(Subscriptions.self, from: Array(#"{"global":true,"email":"no","mobile":true}"#.utf8))
        }
        #expect(error?.field == "email")
    }
}
