import Foundation
import RosterModel
import Testing

@testable import IngestCore

@Suite("Import events written as JSON")
struct ImportEventJSONTests {
    @Test(arguments: [
        ContactEvent(
            id: "import:imp_1:7", tenant: "dev", type: .upsert, occurredAt: "2026-11-24T04:00:00Z",
            source: "import:imp_1", identifiers: ["mobile": "13800000001", "email": "a@ex.cn"],
            attributes: [
                "name": .string("Lee \"Ann\" 李/安\n"), "member_points": .int(42), "order_amount": .double(12.5),
                "overall_rating": .double(3), "vip": .bool(true), "member_day": .string("2026-01-02"),
            ],
            tags: ["vip", "新客"], hiddenTags: ["src"], mode: .normal),
        ContactEvent(
            id: "import:imp_1:8", tenant: "dev", type: .upsert, occurredAt: "2026-11-24T04:00:00Z",
            source: "import:imp_1", identifiers: ["mobile": "13800000002"], mode: .fast),
        ContactEvent(
            id: "import:imp_1:9", tenant: "dev", type: .delete, occurredAt: "2026-11-24T04:00:00Z",
            source: "import:imp_1", identifiers: ["email": "b@ex.cn"]),
        ContactEvent(
            id: "unsubscribe:dev:e1", tenant: "dev", type: .subscription, occurredAt: "2026-01-02T03:04:05Z",
            source: "import:imp_1", identifiers: ["email": "c@ex.cn"], channel: .email, subscribed: false),
    ])
    func bytesMatchTheTopicsFoundationEncoding(event: ContactEvent) throws {
        // Given an event as an import row makes it
        // When it is written by hand and by the topic's codec through Foundation
        let written = ImportEventJSON.encode(event)
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let foundation = Array(try encoder.encode(event))

        // Then the bytes are identical
        #expect(String(decoding: written, as: UTF8.self) == String(decoding: foundation, as: UTF8.self))
    }
}
