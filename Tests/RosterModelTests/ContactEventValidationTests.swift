import RosterModel
import Testing

/// `ContactEvent.validate()`: each type's requirements, each failure naming its field.
@Suite("Contact event validation")
struct ContactEventValidationTests {
    /// The `contact.*` types, which all address one contact by its identifiers.
    static let contactTypes: [ContactEventType] = [.upsert, .delete, .subscription, .tags, .activity]

    @Test func acceptsEverySchemaExample() throws {
        // Given the schema's examples, one per type
        let events = try ContactEvent.schemaExamples()

        // When each is validated
        // Then none is rejected
        #expect(events.count == ContactEventType.allCases.count)
        for event in events {
            #expect(throws: Never.self, "\(event.type.rawValue)") { try event.validate() }
        }
    }

    @Test(arguments: [nil, [:], ["mobile": ""], ["mobile": "", "email": ""]] as [[String: String]?])
    func upsertWithoutIdentifiersNamesIdentifiers(_ identifiers: [String: String]?) throws {
        // Given an upsert whose identifiers are absent, empty, or all blank
        var event = try ContactEvent.schemaExample(.upsert)
        event.identifiers = identifiers

        // When it is validated
        let error = #expect(throws: WireError.self) { try event.validate() }

        // Then the error names the identifiers
        #expect(error?.field == "identifiers")
    }

    @Test func aBlankTagIsRefusedNamingItsPosition() throws {
        // Given a tags event whose second tag to add, and an upsert whose first hidden tag, is blank
        var tags = try ContactEvent.schemaExample(.tags)
        tags.tags = ["vip", ""]
        var upsert = try ContactEvent.schemaExample(.upsert)
        upsert.hiddenTags = ["  "]

        // When they are validated
        // Then each error names the tag by its field and position
        #expect(throws: WireError(field: "tags.1", reason: "must not be empty")) { try tags.validate() }
        #expect(throws: WireError(field: "hidden_tags.0", reason: "must not be empty")) { try upsert.validate() }
    }

    @Test(arguments: contactTypes)
    func everyContactTypeNeedsIdentifiers(_ type: ContactEventType) throws {
        // Given the valid example of a contact.* type, without its identifiers
        var event = try ContactEvent.schemaExample(type)
        event.identifiers = nil

        // When it is validated
        let error = #expect(throws: WireError.self) { try event.validate() }

        // Then the error names the identifiers
        #expect(error?.field == "identifiers")
    }

    @Test func oneNonEmptyIdentifierIsEnough() throws {
        // Given an upsert with a blank mobile and a real e-mail
        var event = try ContactEvent.schemaExample(.upsert)
        event.identifiers = ["mobile": "", "email": "ada@example.com"]

        // When it is validated
        // Then it is accepted
        #expect(throws: Never.self) { try event.validate() }
    }

    @Test(arguments: [
        "", "yesterday", "14/03/2026", "2026-03-14", "2026-03-14 09:26:53Z", "2026-03-14T09:26:53",
        "2026-13-01T00:00:00Z", "1773480413",
    ])
    func badOccurredAtNamesOccurredAt(_ occurredAt: String) throws {
        // Given a valid upsert with a time that is not RFC 3339
        var event = try ContactEvent.schemaExample(.upsert)
        event.occurredAt = occurredAt

        // When it is validated
        let error = #expect(throws: WireError.self) { try event.validate() }

        // Then the error names occurred_at and quotes the value
        #expect(error?.field == "occurred_at")
        #expect(error?.reason.hasSuffix(occurredAt) == true)
    }

    @Test(arguments: ["2026-03-14T09:26:53Z", "2026-03-14T09:26:53.120Z", "2026-03-14T17:26:53+08:00"])
    func rfc3339TimesAreAccepted(_ occurredAt: String) throws {
        // Given a valid upsert with an RFC 3339 time, with or without fractions or an offset
        var event = try ContactEvent.schemaExample(.upsert)
        event.occurredAt = occurredAt

        // When it is validated
        // Then it is accepted
        #expect(throws: Never.self) { try event.validate() }
    }

    @Test func subscriptionWithoutChannelNamesChannel() throws {
        // Given a subscription change that does not say which channel
        var event = try ContactEvent.schemaExample(.subscription)
        event.channel = nil

        // When it is validated
        let error = #expect(throws: WireError.self) { try event.validate() }

        // Then the error names the channel
        #expect(error?.field == "channel")
    }

    @Test func subscriptionWithoutStateNamesSubscribed() throws {
        // Given a subscription change that does not say the new state
        var event = try ContactEvent.schemaExample(.subscription)
        event.subscribed = nil

        // When it is validated
        let error = #expect(throws: WireError.self) { try event.validate() }

        // Then the error names subscribed
        #expect(error?.field == "subscribed")
    }

    @Test(arguments: [nil, ""] as [String?])
    func activityWithoutEventNamesEvent(_ name: String?) throws {
        // Given a behaviour event without a name
        var event = try ContactEvent.schemaExample(.activity)
        event.event = name

        // When it is validated
        let error = #expect(throws: WireError.self) { try event.validate() }

        // Then the error names the event
        #expect(error?.field == "event")
    }

    @Test func tagsChangeWithNothingToChangeNamesTags() throws {
        // Given a contact.tags event that neither adds nor removes a tag
        var event = try ContactEvent.schemaExample(.tags)
        event.tags = []
        event.removeTags = nil
        event.hiddenTags = nil

        // When it is validated
        let error = #expect(throws: WireError.self) { try event.validate() }

        // Then the error names the tags
        #expect(error?.field == "tags")
    }

    @Test func tagsChangeThatOnlyRemovesIsAccepted() throws {
        // Given a contact.tags event that only removes a tag
        var event = try ContactEvent.schemaExample(.tags)
        event.tags = nil

        // When it is validated
        // Then it is accepted
        #expect(throws: Never.self) { try event.validate() }
    }

    @Test func metadataEventsWithoutTheirDefinitionNameIt() throws {
        // Given metadata events without the definition they carry
        var attribute = try ContactEvent.schemaExample(.attributeDefined)
        attribute.attributeDefinition = nil
        var eventDefinition = try ContactEvent.schemaExample(.eventDefined)
        eventDefinition.eventDefinition = nil

        // When they are validated
        let attributeError = #expect(throws: WireError.self) { try attribute.validate() }
        let eventError = #expect(throws: WireError.self) { try eventDefinition.validate() }

        // Then each error names the missing definition
        #expect(attributeError?.field == "attribute_definition")
        #expect(eventError?.field == "event_definition")
    }

    @Test func otherSchemaVersionNamesSchema() throws {
        // Given an otherwise valid upsert of another schema version
        var event = try ContactEvent.schemaExample(.upsert)
        event.schema = "roster.contact-event/v2"

        // When it is validated
        let error = #expect(throws: WireError.self) { try event.validate() }

        // Then the error names the schema
        #expect(error?.field == "schema")
    }
}
