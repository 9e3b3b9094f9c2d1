/// A payload that writes its own JSON, bytes identical to `WireCodec`'s Foundation encoding; `WireCodec.encode`
/// takes this path when a type offers it.
public protocol FastJSONEncodable {
    /// Writes the value, keys in snake_case and sorted, as `WireCodec` would.
    func writeJSON(to writer: inout JSONWriter)
}

/// A payload that reads itself from a parsed `JSONValue`; `WireCodec.decode` takes this path when a type offers it.
public protocol FastJSONDecodable {
    /// Reads the value; a failure names the field at fault.
    init(json: JSONValue) throws(WireError)
}

extension FastJSONEncodable {
    /// The value's JSON bytes, as `WireCodec.encode` writes them. Called where the type is known, it also skips
    /// `WireCodec`'s check of the conformance at run time, which for the resolver's contact columns (conditional
    /// conformances of arrays and dictionaries, ten per contact) kept 1.5% of its thread in the Swift runtime's
    /// metadata and conformance caches (`perf`, `roster-bench --only resolver`).
    public func jsonBytes(capacity: Int = 1024) -> [UInt8] {
        var writer = JSONWriter(capacity: capacity)
        writeJSON(to: &writer)
        return writer.bytes
    }
}

extension FastJSONDecodable {
    /// Reads the value from JSON bytes, as `WireCodec.decode` does.
    public init(jsonBytes bytes: [UInt8]) throws(WireError) {
        try self.init(json: JSONParser.parse(bytes))
    }
}

extension String: FastJSONEncodable, FastJSONDecodable {
    public func writeJSON(to writer: inout JSONWriter) { writer.string(self) }

    public init(json: JSONValue) throws(WireError) {
        guard case .string(let value) = json else { throw .mustBe(.text) }
        self = value
    }
}

extension Bool: FastJSONEncodable, FastJSONDecodable {
    public func writeJSON(to writer: inout JSONWriter) { writer.bool(self) }

    public init(json: JSONValue) throws(WireError) {
        guard case .bool(let value) = json else { throw .mustBe(.boolean) }
        self = value
    }
}

extension JSONValue: FastJSONEncodable, FastJSONDecodable {
    public func writeJSON(to writer: inout JSONWriter) {
        switch self {
        case .string(let value): writer.string(value)
        case .int(let value): writer.int(value)
        case .double(let value): writer.double(value)
        case .bool(let value): writer.bool(value)
        case .null: writer.null()
        case .array(let values): values.writeJSON(to: &writer)
        case .object(let members): members.writeJSON(to: &writer)
        }
    }

    public init(json: JSONValue) { self = json }
}

extension Array: FastJSONEncodable where Element: FastJSONEncodable {
    public func writeJSON(to writer: inout JSONWriter) {
        writer.array { writer in
            for element in self { element.writeJSON(to: &writer) }
        }
    }
}

extension Array: FastJSONDecodable where Element: FastJSONDecodable {
    public init(json: JSONValue) throws(WireError) {
        guard case .array(let values) = json else { throw .mustBe(.list) }
        var result: [Element] = []
        result.reserveCapacity(values.count)
        for (position, value) in values.enumerated() {
            do {
                result.append(try Element(json: value))
            } catch {
                throw WireError(
                    field: error.field.isEmpty ? "\(position)" : "\(position).\(error.field)", reason: error.reason)
            }
        }
        self = result
    }
}

extension Dictionary: FastJSONEncodable where Key == String, Value: FastJSONEncodable {
    /// Members in the order Foundation's `.sortedKeys` gives.
    public func writeJSON(to writer: inout JSONWriter) {
        writer.object { writer in
            for key in keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
                writer.member(key, self[key]!)
            }
        }
    }
}

extension Dictionary: FastJSONDecodable where Key == String, Value: FastJSONDecodable {
    public init(json: JSONValue) throws(WireError) {
        guard case .object(let members) = json else { throw .mustBe(.object) }
        var result: [String: Value] = [:]
        result.reserveCapacity(members.count)
        for (key, value) in members {
            do {
                result[key] = try Value(json: value)
            } catch {
                throw WireError(field: error.field.isEmpty ? key : "\(key).\(error.field)", reason: error.reason)
            }
        }
        self = result
    }
}

extension Subscriptions: FastJSONEncodable, FastJSONDecodable {
    public func writeJSON(to writer: inout JSONWriter) {
        writer.object { writer in
            writer.member("email", email)
            writer.member("global", global)
            writer.member("mobile", mobile)
        }
    }

    public init(json: JSONValue) throws(WireError) {
        guard case .object(let members) = json else { throw .mustBe(.object) }
        func flag(_ name: String) throws(WireError) -> Bool {
            guard let value = members[name] else { throw WireError(field: name, reason: "is required") }
            do { return try Bool(json: value) } catch { throw WireError(field: name, reason: error.reason) }
        }
        self.init(global: try flag("global"), email: try flag("email"), mobile: try flag("mobile"))
    }
}

extension ProfileSnapshot: FastJSONEncodable {
    public func writeJSON(to writer: inout JSONWriter) {
        writer.object { writer in
            writer.member("attributes", attributes)
            writer.member("contact_id", contactId)
            writer.member("created_at", createdAt)
            writer.member("event_id", eventId)
            writer.member("hidden_tags", ifPresent: hiddenTags)
            writer.member("identifiers", identifiers)
            writer.member("schema", schema)
            writer.member("subscriptions", subscriptions)
            writer.member("tags", tags)
            writer.member("tenant", tenant)
            writer.member("updated_at", updatedAt)
        }
    }
}

extension ActivityRecord: FastJSONEncodable {
    public func writeJSON(to writer: inout JSONWriter) {
        writer.object { writer in
            writer.member("contact_id", contactId)
            writer.member("event", event)
            writer.member("id", id)
            writer.member("occurred_at", occurredAt)
            writer.member("properties", properties)
            writer.member("schema", schema)
            writer.member("tenant", tenant)
        }
    }
}

extension SocialContactSnapshot: FastJSONEncodable {
    public func writeJSON(to writer: inout JSONWriter) {
        writer.object { writer in
            writer.member("attributes", attributes)
            writer.member("avatar_url", ifPresent: avatarUrl)
            writer.member("channel", channel)
            writer.member("channel_user_id", channelUserId)
            writer.member("contact_id", ifPresent: contactId)
            writer.member("created_at", createdAt)
            writer.member("customer_last_interaction_at", ifPresent: customerLastInteractionAt)
            writer.member("display_name", ifPresent: displayName)
            writer.member("email", ifPresent: email)
            writer.member("event_id", eventId)
            writer.member("last_checkout_at", ifPresent: lastCheckoutAt)
            writer.member("member_bound", memberBound)
            writer.member("member_id", ifPresent: memberId)
            writer.member("omo_store", ifPresent: omoStore)
            writer.member("omo_teammate", ifPresent: omoTeammate)
            writer.member("over_quota", overQuota)
            writer.member("phone", ifPresent: phone)
            writer.member("phone_bound", phoneBound)
            writer.member("recurring_notification", ifPresent: recurringNotification)
            writer.member("schema", schema)
            writer.member("social_bound", socialBound)
            writer.member("subscribed", subscribed)
            writer.member("subscribed_at", ifPresent: subscribedAt)
            writer.member("tags", tags)
            writer.member("team_last_interaction_at", ifPresent: teamLastInteractionAt)
            writer.member("team_last_marketing_at", ifPresent: teamLastMarketingAt)
            writer.member("tenant", tenant)
            writer.member("test_list", testList)
            writer.member("updated_at", updatedAt)
        }
    }
}
