import RosterModel

/// What the evaluator knows of one contact: its attribute values (metadata attributes, identifiers, creation time,
/// subscriptions), its tags and its behaviour events.
public struct ContactFacts: Sendable, Equatable {
    public var contactId: String
    /// Attribute key → latest value, including the derived ones (`created_at`, `contact_id`, identifiers,
    /// `subscribed_global|email|mobile`, `updated_at`).
    public var attributes: [String: JSONValue]
    public var tags: Set<String>
    public var events: [FactEvent]

    public init(contactId: String, attributes: [String: JSONValue], tags: Set<String>, events: [FactEvent]) {
        self.contactId = contactId
        self.attributes = attributes
        self.tags = tags
        self.events = events
    }

    /// The facts of a profile snapshot and its events.
    public init(snapshot: ProfileSnapshot, events: [FactEvent]) {
        var attributes = snapshot.attributes
        for (kind, values) in snapshot.identifiers where attributes[kind] == nil {
            if let first = values.first { attributes[kind] = .string(first) }
        }
        attributes["contact_id"] = .string(snapshot.contactId)
        if attributes["created_at"] == nil { attributes["created_at"] = .string(snapshot.createdAt) }
        attributes["updated_at"] = .string(snapshot.updatedAt)
        attributes["subscribed_global"] = .bool(snapshot.subscriptions.global)
        attributes["subscribed_email"] = .bool(snapshot.subscriptions.email)
        attributes["subscribed_mobile"] = .bool(snapshot.subscriptions.mobile)
        self.init(contactId: snapshot.contactId, attributes: attributes, tags: Set(snapshot.tags), events: events)
    }
}

/// One behaviour event of a contact, its time parsed.
public struct FactEvent: Sendable, Equatable {
    public var name: String
    /// Seconds since 1970.
    public var occurredAt: Double
    public var properties: [String: JSONValue]

    public init(name: String, occurredAt: Double, properties: [String: JSONValue]) {
        self.name = name
        self.occurredAt = occurredAt
        self.properties = properties
    }

}
