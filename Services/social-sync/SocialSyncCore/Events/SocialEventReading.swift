import RosterModel

extension SocialEvent {
    /// Reads an event from its bytes on `cdp.social-events`: the fields, types and failures of `Topics.socialEvents
    /// .decode` (`id` is required, `tags.1` must be String), through `JSONParser` rather than `JSONDecoder`.
    ///
    /// Hand-written because the worker reads one per message: `JSONDecoder` with snake_case conversion took 17 µs of
    /// CPU per event (a tenth of applying one, `perf` on `roster-bench --only social`, release); this takes 6 µs.
    static func read(_ bytes: [UInt8]) throws(WireError) -> SocialEvent {
        guard case .object(let members) = try JSONParser.parse(bytes) else {
            throw WireError(field: "", reason: "must be SocialEvent")
        }
        func required(_ key: String) throws(WireError) -> String {
            switch members[key] {
            case .string(let value)?: return value
            case nil: throw WireError(field: key, reason: "is required")
            case .null?: throw WireError(field: key, reason: "must be String, not null")
            default: throw WireError(field: key, reason: "must be String")
            }
        }
        func optional<Value: FastJSONDecodable>(_ key: String, as type: Value.Type) throws(WireError) -> Value? {
            guard let value = members[key], value != .null else { return nil }
            do {
                return try Value(json: value)
            } catch {
                throw WireError(field: error.field.isEmpty ? key : "\(key).\(error.field)", reason: error.reason)
            }
        }
        let schema = try required("schema")
        var event = SocialEvent(
            id: try required("id"), tenant: try required("tenant"), channel: try required("channel"),
            channelUserId: try required("channel_user_id"), type: try required("type"),
            occurredAt: try required("occurred_at"),
            attributes: try optional("attributes", as: [String: JSONValue].self),
            source: try optional("source", as: String.self), displayName: try optional("display_name", as: String.self),
            avatarUrl: try optional("avatar_url", as: String.self),
            memberId: try optional("member_id", as: String.self),
            email: try optional("email", as: String.self), phone: try optional("phone", as: String.self),
            tags: try optional("tags", as: [String].self), overwriteTags: try optional("overwrite_tags", as: Bool.self),
            teammate: try optional("teammate", as: String.self), storeCode: try optional("store_code", as: String.self),
            role: try optional("role", as: String.self), overQuota: try optional("over_quota", as: Bool.self))
        event.schema = schema
        return event
    }
}
