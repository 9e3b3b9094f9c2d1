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
}
