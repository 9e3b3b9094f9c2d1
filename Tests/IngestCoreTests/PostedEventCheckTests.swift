import Foundation
import GRDB
import RosterModel
import RosterRuntime
import RosterTestSupport
import Testing

@Suite("Contact data posted over HTTP is checked against the tenant's definitions", .timeLimit(.minutes(2)))
struct PostedEventCheckTests {
    private func details(_ answer: (status: Int, json: [String: Any])) -> [[String: Any]] {
        ((answer.json["error"] as? [String: Any])?["details"] as? [[String: Any]]) ?? []
    }

    private func event(_ id: String, _ type: String, _ fields: [String: Any]) -> [String: Any] {
        [
            "schema": "roster.contact-event/v1", "id": id, "tenant": "dev", "type": type,
            "occurred_at": "2026-11-20T08:00:00Z",
        ].merging(fields) { _, new in new }
    }

    @Test func aContactWithAnUndefinedAttributeOrAMistypedValueIsRefusedWithEachNamed() async throws {
        // Given an ingest worker
        let ingest = try IngestHarness()

        // When a contact is posted with an attribute nobody defined and a number attribute given as text,
        // then a valid one
        let refused = try await ingest.json(
            "POST", "/v1/contacts",
            body: Data(
                #"{"identifiers": {"email": "ann@example.com"}, "attributes": {"favourite_colour": "red", "member_points": "many"}}"#
                    .utf8))
        let accepted = try await ingest.json(
            "POST", "/v1/contacts",
            body: Data(#"{"identifiers": {"email": "bo@example.com"}, "attributes": {"member_points": 12}}"#.utf8))

        // Then the first is a 400 naming both attributes, their values and reasons, and only the second is published
        #expect(refused.status == 400)
        #expect((refused.json["error"] as? [String: Any])?["code"] as? String == "invalid_event")
        let problems = details(refused)
        #expect(problems.map { $0["field"] as? String } == ["attributes.favourite_colour", "attributes.member_points"])
        #expect(problems.map { $0["value"] as? String } == ["red", "many"])
        #expect(problems.map { $0["reason"] as? String } == ["is not a defined attribute", "must be number"])
        #expect(accepted.status == 202)
        let events = try await ingest.events(atLeast: 1)
        #expect(events.map { $0.event.identifiers } == [["email": "bo@example.com"]])
        await ingest.stop()
    }

    @Test func anUnknownIdentifierKindOrAPhoneThatCannotBeNormalizedIsRefused() async throws {
        // Given an ingest worker
        let ingest = try IngestHarness()

        // When a contact is posted with a phone too short to be one and an identifier kind nobody defined
        let refused = try await ingest.json(
            "POST", "/v1/contacts", body: Data(#"{"identifiers": {"mobile": "12", "shoe_id": "x9"}}"#.utf8))

        // Then it is a 400 naming both identifiers and their values, the unknown kind with its reason
        #expect(refused.status == 400)
        let problems = details(refused)
        #expect(problems.map { $0["field"] as? String } == ["identifiers.mobile", "identifiers.shoe_id"])
        #expect(problems.map { $0["value"] as? String } == ["12", "x9"])
        #expect(problems.last?["reason"] as? String == "is not an identifier kind or primary key")
        await ingest.stop()
    }

    @Test func oneContactNeedsAPrimaryKeyAndNoBlankTag() async throws {
        // Given an ingest worker
        let ingest = try IngestHarness()

        // When a contact is posted known only by its WeChat openid, one with a blank tag, then a good one
        let channelOnly = try await ingest.json(
            "POST", "/v1/contacts", body: Data(#"{"identifiers": {"wechat_openid": "o-1"}}"#.utf8))
        let blankTag = try await ingest.json(
            "POST", "/v1/contacts",
            body: Data(#"{"identifiers": {"email": "ann@example.com"}, "tags": ["vip", " "]}"#.utf8))
        let good = try await ingest.json(
            "POST", "/v1/contacts",
            body: Data(#"{"identifiers": {"email": "bo@example.com", "wechat_openid": "o-2"}, "tags": ["vip"]}"#.utf8))

        // Then the first two are 400s naming the field, and only the third is published
        #expect(channelOnly.status == 400)
        #expect(details(channelOnly).map { $0["field"] as? String } == ["identifiers"])
        #expect((details(channelOnly).first?["reason"] as? String)?.hasPrefix("must include a primary key (") == true)
        #expect(blankTag.status == 400)
        #expect(details(blankTag).map { $0["field"] as? String } == ["tags.1"])
        #expect(good.status == 202)
        let events = try await ingest.events(atLeast: 1)
        #expect(events.map { $0.event.identifiers } == [["email": "bo@example.com", "wechat_openid": "o-2"]])
        await ingest.stop()
    }

    @Test func aBatchMayDefineWhatItUsesAndAnUndefinedEventNamesItsRow() async throws {
        // Given an ingest worker
        let ingest = try IngestHarness()
        let definition = event(
            "d1", "metadata.attribute",
            ["attribute_definition": ["key": "shoe_size", "label": "Shoe size", "type": "number"]])
        let upsert = event(
            "u1", "contact.upsert", ["identifiers": ["email": "ann@example.com"], "attributes": ["shoe_size": 42]])
        let unknown = event(
            "a1", "contact.activity", ["identifiers": ["email": "ann@example.com"], "event": "made_up_event"])
        let purchaseDefined = event(
            "d2", "metadata.event",
            ["event_definition": ["key": "purchase", "label": "Purchase", "properties": ["amount": "number"]]])
        func purchase(_ id: String, _ amount: Any) -> [String: Any] {
            event(
                id, "contact.activity",
                ["identifiers": ["email": "ann@example.com"], "event": "purchase", "properties": ["amount": amount]])
        }

        // When a batch defines an attribute and uses it, sends an undefined event, defines an event and sends it
        // with a mistyped property
        let refused = try await ingest.json(
            "POST", "/v1/events",
            body: try JSONSerialization.data(withJSONObject: [
                "events": [definition, upsert, unknown, purchaseDefined, purchase("p1", "lots")]
            ]))
        // and then the same batch without the undefined event and with the property's value a number
        let accepted = try await ingest.json(
            "POST", "/v1/events",
            body: try JSONSerialization.data(withJSONObject: [
                "events": [definition, upsert, purchaseDefined, purchase("p2", 12)]
            ]))

        // Then the first is refused naming rows 3 and 5 only, and the second is published whole
        #expect(refused.status == 400)
        let problems = details(refused)
        #expect(problems.map { $0["row"] as? Int } == [3, 5])
        #expect(problems.map { $0["field"] as? String } == ["event", "properties.amount"])
        #expect(problems.map { $0["reason"] as? String } == ["is not a defined event", "must be number"])
        #expect(accepted.status == 202)
        #expect(accepted.json["event_ids"] as? [String] == ["d1", "u1", "d2", "p2"])
        await ingest.stop()
    }

    @Test func aDefinitionOnTheMetadataTopicCountsOnceIngestHasIt() async throws {
        // Given an ingest worker and the resolver's record of a tenant attribute on cdp.metadata
        let ingest = try IngestHarness()
        let defined = ContactEvent(
            id: "m1", tenant: "dev", type: .attributeDefined, occurredAt: "2026-11-20T08:00:00Z",
            attributeDefinition: AttributeDefinition(key: "loyalty_tier", label: "Loyalty tier", type: .text))
        try await ingest.worker.publish(Topics.metadata, [(key: "dev/attribute/loyalty_tier", value: defined)])
        let arrived = try await eventually {
            try await ingest.worker.database.read { db in
                try MetadataCatalog.attributes(db, tenant: "dev").contains { $0.key == "loyalty_tier" }
            }
        }
        #expect(arrived)

        // When a contact using it is posted
        let answer = try await ingest.json(
            "POST", "/v1/contacts",
            body: Data(#"{"identifiers": {"email": "cy@example.com"}, "attributes": {"loyalty_tier": "gold"}}"#.utf8))

        // Then it is accepted
        #expect(answer.status == 202)
        await ingest.stop()
    }
}
