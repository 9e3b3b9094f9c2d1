import RosterModel

extension SocialEvent {
    /// Reads an event from its bytes on `cdp.social-events`: the fields, types and failures of `Topics.socialEvents
    /// .decode` (`id` is required, `tags.1` must be text), through `JSONParser` rather than `JSONDecoder`.
    ///
    /// Hand-written because the worker reads one per message: `JSONDecoder` with snake_case conversion took 17 µs of
    /// CPU per event (a tenth of applying one, `perf` on `roster-bench --only social`, release); this takes about 4.5.
    /// The members are taken in one pass by name rather than through a dictionary, whose hashing was a fifth of it.
    static func read(_ bytes: [UInt8]) throws(WireError) -> SocialEvent {
        guard let parsed = try JSONParser.parseMembers(bytes) else {
            throw .mustBe(.object)
        }
        var members = Members()
        for (key, value) in parsed { members.take(key, value) }
        return try members.event()
    }

    /// The members of an event as written (the last of a repeated key, as Foundation's decoder keeps).
    private struct Members {
        var schema, id, tenant, channel, channelUserId, type, occurredAt: JSONValue?
        var attributes, source, displayName, avatarUrl, memberId, email, phone: JSONValue?
        var tags, overwriteTags, teammate, storeCode, role, overQuota: JSONValue?

        mutating func take(_ key: String, _ value: JSONValue) {
            switch key {
            case "schema": schema = value
            case "id": id = value
            case "tenant": tenant = value
            case "channel": channel = value
            case "channel_user_id": channelUserId = value
            case "type": type = value
            case "occurred_at": occurredAt = value
            case "attributes": attributes = value
            case "source": source = value
            case "display_name": displayName = value
            case "avatar_url": avatarUrl = value
            case "member_id": memberId = value
            case "email": email = value
            case "phone": phone = value
            case "tags": tags = value
            case "overwrite_tags": overwriteTags = value
            case "teammate": teammate = value
            case "store_code": storeCode = value
            case "role": role = value
            case "over_quota": overQuota = value
            default: break
            }
        }

        /// The event, its fields checked in the order Foundation's decoder checks them.
        func event() throws(WireError) -> SocialEvent {
            let schema = try required(schema, "schema")
            var event = SocialEvent(
                id: try required(id, "id"), tenant: try required(tenant, "tenant"),
                channel: try required(channel, "channel"),
                channelUserId: try required(channelUserId, "channel_user_id"), type: try required(type, "type"),
                occurredAt: try required(occurredAt, "occurred_at"),
                attributes: try optional(attributes, "attributes", as: [String: JSONValue].self),
                source: try optional(source, "source", as: String.self),
                displayName: try optional(displayName, "display_name", as: String.self),
                avatarUrl: try optional(avatarUrl, "avatar_url", as: String.self),
                memberId: try optional(memberId, "member_id", as: String.self),
                email: try optional(email, "email", as: String.self),
                phone: try optional(phone, "phone", as: String.self),
                tags: try optional(tags, "tags", as: [String].self),
                overwriteTags: try optional(overwriteTags, "overwrite_tags", as: Bool.self),
                teammate: try optional(teammate, "teammate", as: String.self),
                storeCode: try optional(storeCode, "store_code", as: String.self),
                role: try optional(role, "role", as: String.self),
                overQuota: try optional(overQuota, "over_quota", as: Bool.self))
            event.schema = schema
            return event
        }

        private func required(_ value: JSONValue?, _ key: String) throws(WireError) -> String {
            switch value {
            case .string(let text)?: return text
            case nil: throw WireError(field: key, reason: "is required")
            case .null?: throw .mustBe(.text, field: key, null: true)
            default: throw .mustBe(.text, field: key)
            }
        }

        private func optional<Value: FastJSONDecodable>(
            _ value: JSONValue?, _ key: String, as type: Value.Type
        ) throws(WireError) -> Value? {
            guard let value, value != .null else { return nil }
            do {
                return try Value(json: value)
            } catch {
                throw WireError(field: error.field.isEmpty ? key : "\(key).\(error.field)", reason: error.reason)
            }
        }
    }
}
