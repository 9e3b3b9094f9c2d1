import RosterModel
import Testing

/// `WireCodec`: the bytes it writes, and decode failures that name the field at fault.
@Suite("Wire codec")
struct WireCodecTests {
    @Test func aContactEventWithoutSchemaTenantOrTimeDecodesForItsReceiverToFillThem() throws {
        // Given a contact event with only an id, a type and identifiers
        let bytes = Array(#"{"id":"e-1","type":"contact.upsert","identifiers":{"mobile":"8613800000001"}}"#.utf8)

        // When it is decoded
        var event = try WireCodec.decode(ContactEvent.self, from: bytes)

        // Then it reads as this version's schema, with the tenant and time left for the receiver
        #expect(event.schema == ContactEvent.schemaName)
        #expect(event.tenant.isEmpty && event.occurredAt.isEmpty)

        // And checked unfilled, it names what is missing
        #expect(throws: WireError(field: "tenant", reason: "must not be empty")) { try event.validate() }
        event.tenant = "dev"
        #expect(throws: WireError(field: "occurred_at", reason: "is required")) { try event.validate() }
        event.occurredAt = "2026-03-14T09:26:53Z"
        try event.validate()
    }

    @Test func aTagsEventMayNameItsListsAsTheHTTPTagCallDoes() throws {
        // Given a contact.tags event with add, add_hidden and remove
        let bytes = Array(
            #"""
            {"id":"t-1","type":"contact.tags","identifiers":{"email":"a@example.com"},\#
            "add":["vip"],"add_hidden":["churn-risk"],"remove":["trial"]}
            """#.utf8)

        // When it is decoded
        let event = try WireCodec.decode(ContactEvent.self, from: bytes)

        // Then the lists are its tags to add, hidden tags to add and tags to remove
        #expect(event.tags == ["vip"])
        #expect(event.hiddenTags == ["churn-risk"])
        #expect(event.removeTags == ["trial"])
    }

    @Test func aSubscriptionToSmsIsTheMobileChannel() throws {
        // Given a subscription event on channel "sms"
        let bytes = Array(
            #"{"id":"s-1","type":"contact.subscription","identifiers":{"email":"a@example.com"},"channel":"sms","subscribed":false}"#
                .utf8)

        // When it is decoded, then its channel is mobile, and it is written back as mobile
        let event = try WireCodec.decode(ContactEvent.self, from: bytes)
        #expect(event.channel == .mobile)
        #expect(String(decoding: try WireCodec.encode(event), as: UTF8.self).contains(#""channel":"mobile""#))
    }

    /// Every payload but contact events, which may leave their tenant to the message key (`ResolutionTests`).
    static let payloadsRequiringTenant = PayloadSchema.all.filter { $0.fileName != "contact-event.schema.json" }

    @Test(arguments: payloadsRequiringTenant)
    func everyPayloadWithoutTenantNamesTenant(_ payload: PayloadSchema) throws {
        // Given the first example of a payload, without its tenant
        let example = try #require(try SchemaDocument.load(payload.fileName).examples.first)
        let bytes = try example.removing("tenant").bytes()

        // When it is decoded with the topic's codec
        let error = #expect(throws: WireError.self) { try payload.decode(bytes) }

        // Then the error names the tenant
        #expect(error?.field == "tenant")
    }

    @Test func missingNestedFieldNamesItsPathInSnakeCase() throws {
        // Given a metadata.attribute event whose definition has no label
        let document = try SchemaDocument.load("contact-event.schema.json")
        let example = try #require(document.examples.first { $0.objectValue?["type"] == .string("metadata.attribute") })
        let definition = try #require(example.objectValue?["attribute_definition"])
        let bytes = try example.setting("attribute_definition", to: definition.removing("label")).bytes()

        // When it is decoded
        let error = #expect(throws: WireError.self) { try Topics.contactEvents.decode(bytes) }

        // Then the error gives the path to the label
        #expect(error?.field == "attribute_definition.label")
    }

    @Test func missingCamelCasedFieldIsNamedInSnakeCase() throws {
        // Given a profile without its contact id
        let example = try #require(try SchemaDocument.load("profile.schema.json").examples.first)
        let bytes = try example.removing("contact_id").bytes()

        // When it is decoded
        let error = #expect(throws: WireError.self) { try Topics.profiles.decode(bytes) }

        // Then the error names the field as it is on the wire
        #expect(error?.field == "contact_id")
    }

    @Test(arguments: [
        ("occurred_at", JSONValue.int(1_773_480_413)),
        ("subscribed", .string("no")),
        ("type", .string("contact.merge")),
        ("channel", .string("fax")),
    ])
    func wrongValueNamesTheField(_ key: String, _ value: JSONValue) throws {
        // Given a valid subscription change with one field of the wrong type or out of its set
        let document = try SchemaDocument.load("contact-event.schema.json")
        let example = try #require(
            document.examples.first { $0.objectValue?["type"] == .string("contact.subscription") })
        let bytes = try example.setting(key, to: value).bytes()

        // When it is decoded
        let error = #expect(throws: WireError.self) { try Topics.contactEvents.decode(bytes) }

        // Then the error names that field
        #expect(error?.field == key)
    }

    @Test func encodesSnakeCaseSortedKeysWithoutAbsentFields() throws {
        // Given an upsert built in code
        let event = ContactEvent(
            id: "e-1", tenant: "acme", type: .upsert, occurredAt: "2026-03-14T09:26:53Z",
            identifiers: ["mobile": "8613800000001"], removeTags: ["lapsed"])

        // When it is encoded
        let text = String(decoding: try WireCodec.encode(event), as: UTF8.self)

        // Then keys are snake_case and sorted, slashes are not escaped, and absent fields are left out
        #expect(
            text == #"""
                {"id":"e-1","identifiers":{"mobile":"8613800000001"},"occurred_at":"2026-03-14T09:26:53Z",\#
                "remove_tags":["lapsed"],"schema":"roster.contact-event/v1","tenant":"acme","type":"contact.upsert"}
                """#)
    }

    @Test func mapKeysPassThroughUnchanged() throws {
        // Given an upsert whose identifier kinds and attribute keys are snake_case
        let example = try ContactEvent.schemaExample(.upsert)

        // When it is encoded and decoded
        let decoded = try Topics.contactEvents.decode(try Topics.contactEvents.encode(example))

        // Then the map keys are exactly the tenant's keys, not converted like field names
        #expect(decoded.attributes?.keys.contains("member_points") == true)
        #expect(decoded.attributes?.keys.contains("first_purchase_at") == true)
        let tagsExample = try ContactEvent.schemaExample(.tags)
        #expect(tagsExample.identifiers == ["member_id": "M-000731"])
    }

    @Test func aValueAnEnumDoesNotHaveIsRefusedNamingTheValuesItMayTake() {
        // Given an attribute definition whose type is misspelt, and one whose type is not text
        let misspelt = #"{"key": "shoe", "label": "Shoe", "type": "colour"}"#
        let number = #"{"key": "shoe", "label": "Shoe", "type": 3}"#

        // Then the first names the types, the second says it must be text
        #expect(
            throws: WireError(
                field: "type", reason: #"must be one of: text, number, boolean, date, datetime, enum (not "colour")"#)
        ) { try WireCodec.decode(AttributeDefinition.self, from: Array(misspelt.utf8)) }
        #expect(throws: WireError(field: "type", reason: "must be text")) {
            try WireCodec.decode(AttributeDefinition.self, from: Array(number.utf8))
        }
    }
}
