import Foundation
import RosterModel
import RosterTestSupport
import Testing

@Suite("One contact over HTTP", .timeLimit(.minutes(2)))
struct ContactWriteTests {
    @Test func aRetryWithTheSameIdempotencyKeyPublishesTheSameEventID() async throws {
        // Given an ingest worker
        let ingest = try IngestHarness()
        let body = Data(#"{"identifiers": {"email": "ann@example.com"}, "tags": ["vip"]}"#.utf8)

        // When a contact is posted twice with one Idempotency-Key, and once without
        let first = try await ingest.json("POST", "/v1/contacts", body: body, headers: ["Idempotency-Key": "order-77"])
        let retry = try await ingest.json("POST", "/v1/contacts", body: body, headers: ["Idempotency-Key": "order-77"])
        let other = try await ingest.json("POST", "/v1/contacts", body: body)

        // Then the retry answers the first call's event id, which the resolver applies once; the call without a key
        // gets an id of its own; and the topic holds exactly those three events
        #expect(first.status == 202)
        #expect(first.json["event_ids"] as? [String] == ["http:order-77"])
        #expect(retry.json["event_ids"] as? [String] == ["http:order-77"])
        let otherID = try #require((other.json["event_ids"] as? [String])?.first)
        #expect(otherID != "http:order-77")
        let events = try await ingest.events(atLeast: 3).map(\.event)
        #expect(events.map(\.id).sorted() == ["http:order-77", "http:order-77", otherID].sorted())
        #expect(events.allSatisfy { $0.identifiers == ["email": "ann@example.com"] && $0.tags == ["vip"] })
        await ingest.stop()
    }

    @Test func eventsPostedWithoutSchemaTenantIdOrTimeAreStampedOnReceipt() async throws {
        let ingest = try IngestHarness()
        // When an upstream system posts the bare minimum, one event with its own id and time and one with neither
        let before = Date()
        let body = Data(
            #"""
            {"events": [
              {"id": "crm-1", "type": "contact.upsert", "identifiers": {"mobile": "13800001111"},
               "occurred_at": "2026-11-20T08:00:00Z"},
              {"type": "contact.upsert", "identifiers": {"email": "bare@example.com"}, "attributes": {"name": "Bare"}}
            ]}
            """#.utf8)
        let answer = try await ingest.json("POST", "/v1/events", body: body)

        // Then both are accepted; the second gets an id, the caller's tenant and the time it arrived, the first keeps its own
        #expect(answer.status == 202)
        let ids = try #require(answer.json["event_ids"] as? [String])
        #expect(ids.count == 2 && ids[0] == "crm-1" && !ids[1].isEmpty)
        let events = try await ingest.events(atLeast: 2).map(\.event)
        #expect(events.map(\.id) == ids)
        #expect(events.allSatisfy { $0.schema == ContactEvent.schemaName && $0.tenant == "dev" })
        #expect(events[0].occurredAt == "2026-11-20T08:00:00Z")
        let stamped = try #require(Timestamps.parse(events[1].occurredAt))
        #expect(stamped >= before.addingTimeInterval(-1) && stamped <= Date())
        await ingest.stop()
    }
}
