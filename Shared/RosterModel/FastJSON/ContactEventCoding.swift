/// `cdp.contact-events` written by `JSONWriter`: every import row, HTTP write and social identity becomes one of these,
/// and Foundation's `JSONEncoder` cost more per event than reading and checking an import row (`FastJSONTests` checks
/// the bytes against it).
extension ContactEvent: FastJSONEncodable {
    public func writeJSON(to writer: inout JSONWriter) {
        writer.object { writer in
            writer.member("attribute_definition", ifPresent: attributeDefinition)
            writer.member("attributes", ifPresent: attributes)
            writer.member("blocked_values", ifPresent: blockedValues)
            writer.member("channel", ifPresent: channel?.rawValue)
            writer.member("event", ifPresent: event)
            writer.member("event_definition", ifPresent: eventDefinition)
            writer.member("hidden_tags", ifPresent: hiddenTags)
            writer.member("id", id)
            writer.member("identifiers", ifPresent: identifiers)
            writer.member("mode", ifPresent: mode?.rawValue)
            writer.member("occurred_at", occurredAt)
            writer.member("properties", ifPresent: properties)
            writer.member("remove_tags", ifPresent: removeTags)
            writer.member("schema", schema)
            writer.member("settings", ifPresent: settings)
            writer.member("source", ifPresent: source)
            writer.member("subscribed", ifPresent: subscribed)
            writer.member("tags", ifPresent: tags)
            writer.member("tenant", tenant)
            writer.member("type", type.rawValue)
            writer.member("unblocked_values", ifPresent: unblockedValues)
        }
    }
}

extension TenantSettings: FastJSONEncodable {
    public func writeJSON(to writer: inout JSONWriter) {
        writer.object { writer in writer.member("default_country", ifPresent: defaultCountry) }
    }
}

extension AttributeType: FastJSONEncodable {
    public func writeJSON(to writer: inout JSONWriter) { writer.string(rawValue) }
}

extension AttributeDefinition: FastJSONEncodable {
    public func writeJSON(to writer: inout JSONWriter) {
        writer.object { writer in
            writer.member("key", key)
            writer.member("label", label)
            writer.member("options", ifPresent: options)
            writer.member("primary_key", ifPresent: primaryKey)
            writer.member("type", type)
        }
    }
}

extension EventDefinition: FastJSONEncodable {
    public func writeJSON(to writer: inout JSONWriter) {
        writer.object { writer in
            writer.member("key", key)
            writer.member("label", label)
            writer.member("properties", ifPresent: properties)
        }
    }
}
