import RosterModel

/// Reads contact events off `cdp.contact-events`.
///
/// Hand-written because it is the resolver's hot path: `Topics.contactEvents.decode` (Foundation's `JSONDecoder`
/// with snake_case conversion) took about a tenth of the resolver's CPU per event in the benchmark profile; parsing
/// with `JSONParser` and reading the members here takes a small fraction of that. It takes only envelopes it reads
/// exactly as the Foundation decoder would (the contact types, known members of the expected JSON types); anything
/// else, including every malformed event, goes to the Foundation decoder, whose error names the field at fault.
enum ContactEventReader {
    /// Decodes one event.
    static func decode(_ bytes: [UInt8]) throws -> ContactEvent {
        if let event = fastDecode(bytes) { return event }
        return try Topics.contactEvents.decode(bytes)
    }

    /// The members the fast path understands; an envelope with any other member takes the Foundation path.
    private static let knownMembers: Set<String> = [
        "schema", "id", "tenant", "type", "occurred_at", "source", "identifiers", "attributes", "tags", "remove_tags",
        "hidden_tags", "mode", "channel", "subscribed", "event", "properties",
    ]

    /// The event, or `nil` when the bytes are not a contact envelope this reader takes.
    static func fastDecode(_ bytes: [UInt8]) -> ContactEvent? {
        guard case .object(let members)? = try? JSONParser.parse(bytes),
            members.keys.allSatisfy({ knownMembers.contains($0) }),
            case .string(let schema)? = members["schema"], case .string(let id)? = members["id"],
            case .string(let tenant)? = members["tenant"], case .string(let typeName)? = members["type"],
            let type = ContactEventType(rawValue: typeName), case .string(let occurredAt)? = members["occurred_at"]
        else { return nil }
        var reader = Members(members: members)
        let source = reader.string("source")
        let identifiers = reader.strings(byKey: "identifiers")
        let attributes = reader.values("attributes")
        let tags = reader.strings("tags")
        let removeTags = reader.strings("remove_tags")
        let hiddenTags = reader.strings("hidden_tags")
        let mode = reader.string("mode")
        let channel = reader.string("channel")
        let subscribed = reader.bool("subscribed")
        let event = reader.string("event")
        let properties = reader.values("properties")
        guard reader.valid else { return nil }
        var result = ContactEvent(
            id: id, tenant: tenant, type: type, occurredAt: occurredAt, source: source, identifiers: identifiers,
            attributes: attributes, tags: tags, removeTags: removeTags, hiddenTags: hiddenTags,
            subscribed: subscribed, event: event, properties: properties)
        if let mode {
            guard let value = WriteMode(rawValue: mode) else { return nil }
            result.mode = value
        }
        if let channel {
            guard let value = SubscriptionChannel(rawValue: channel) else { return nil }
            result.channel = value
        }
        result.schema = schema
        return result
    }

    /// Reads optional members; a member of the wrong JSON type clears `valid`.
    private struct Members {
        let members: [String: JSONValue]
        var valid = true

        /// The member, `nil` when absent or JSON `null` (Foundation's reading of an optional).
        private func member(_ name: String) -> JSONValue? {
            switch members[name] {
            case .none, .null?: nil
            case .some(let value): value
            }
        }

        mutating func string(_ name: String) -> String? {
            guard let value = member(name) else { return nil }
            guard case .string(let text) = value else { return invalid() }
            return text
        }

        mutating func bool(_ name: String) -> Bool? {
            guard let value = member(name) else { return nil }
            guard case .bool(let flag) = value else { return invalid() }
            return flag
        }

        mutating func strings(_ name: String) -> [String]? {
            guard let value = member(name) else { return nil }
            guard case .array(let elements) = value else { return invalid() }
            var result: [String] = []
            result.reserveCapacity(elements.count)
            for element in elements {
                guard case .string(let text) = element else { return invalid() }
                result.append(text)
            }
            return result
        }

        mutating func strings(byKey name: String) -> [String: String]? {
            guard let value = member(name) else { return nil }
            guard case .object(let entries) = value else { return invalid() }
            var result: [String: String] = [:]
            result.reserveCapacity(entries.count)
            for (key, entry) in entries {
                guard case .string(let text) = entry else { return invalid() }
                result[key] = text
            }
            return result
        }

        mutating func values(_ name: String) -> [String: JSONValue]? {
            guard let value = member(name) else { return nil }
            guard case .object(let entries) = value else { return invalid() }
            return entries.mapValues(Self.foundationNumbers)
        }

        /// Integral doubles within 64 bits become `.int`, as Foundation's `Int64` decoding of `1.0` or `1e3` makes them.
        private static func foundationNumbers(_ value: JSONValue) -> JSONValue {
            switch value {
            case .double(let number):
                if number.rounded() == number, let integer = Int64(exactly: number) { return .int(integer) }
                return value
            case .array(let elements): return .array(elements.map(foundationNumbers))
            case .object(let entries): return .object(entries.mapValues(foundationNumbers))
            case .string, .int, .bool, .null: return value
            }
        }

        private mutating func invalid<T>() -> T? {
            valid = false
            return nil
        }
    }
}
