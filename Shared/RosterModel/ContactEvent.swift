/// An event on `cdp.contact-events`: a change to one contact, or to the tenant's metadata.
///
/// One envelope serves every type; the fields a type needs are checked by `validate()`.
/// `id` is stable: re-publishing the same fact gives the same id, and consumers apply an id once.
public struct ContactEvent: Codable, Sendable, Equatable {
    public static let schemaName = "roster.contact-event/v1"

    public var schema: String
    public var id: String
    public var tenant: String
    public var type: ContactEventType
    /// RFC 3339 UTC.
    public var occurredAt: String
    /// Who published it (`import:<job>`, `http`, `social-sync`, an upstream system's name).
    public var source: String?
    /// Identifier kind → value (`mobile`, `email`, `wechat_openid`, a tenant primary key, ...).
    public var identifiers: [String: String]?
    /// Attribute key → value, for `contact.upsert`.
    public var attributes: [String: JSONValue]?
    /// Tags to add (`contact.upsert`, `contact.tags`).
    public var tags: [String]?
    /// Tags to remove (`contact.tags`), visible or hidden.
    public var removeTags: [String]?
    /// Tags to add as hidden (`contact.upsert`, `contact.tags`): they stay on the contact and count in segments and
    /// searches, but views do not show them by default.
    public var hiddenTags: [String]?
    /// `normal` records changes on the timeline and `cdp.activity`; `fast` changes the contact only.
    public var mode: WriteMode?
    /// `contact.subscription`: which channel.
    public var channel: SubscriptionChannel?
    /// `contact.subscription`: the new state.
    public var subscribed: Bool?
    /// `contact.activity`: the behaviour event's name.
    public var event: String?
    /// `contact.activity`: the behaviour event's properties.
    public var properties: [String: JSONValue]?
    /// `metadata.attribute`: the attribute defined.
    public var attributeDefinition: AttributeDefinition?
    /// `metadata.event`: the event defined.
    public var eventDefinition: EventDefinition?
    /// `metadata.blocklist`: identifier values that must never join contacts.
    public var blockedValues: [String]?
    /// `metadata.blocklist`: values to allow again, including default ones.
    public var unblockedValues: [String]?
    /// `metadata.settings`: the tenant's settings.
    public var settings: TenantSettings?

    public init(
        id: String, tenant: String, type: ContactEventType, occurredAt: String, source: String? = nil,
        identifiers: [String: String]? = nil, attributes: [String: JSONValue]? = nil, tags: [String]? = nil,
        removeTags: [String]? = nil, hiddenTags: [String]? = nil, mode: WriteMode? = nil,
        channel: SubscriptionChannel? = nil,
        subscribed: Bool? = nil, event: String? = nil, properties: [String: JSONValue]? = nil,
        attributeDefinition: AttributeDefinition? = nil, eventDefinition: EventDefinition? = nil,
        blockedValues: [String]? = nil, unblockedValues: [String]? = nil, settings: TenantSettings? = nil
    ) {
        self.schema = Self.schemaName
        self.id = id
        self.tenant = tenant
        self.type = type
        self.occurredAt = occurredAt
        self.source = source
        self.identifiers = identifiers
        self.attributes = attributes
        self.tags = tags
        self.removeTags = removeTags
        self.hiddenTags = hiddenTags
        self.mode = mode
        self.channel = channel
        self.subscribed = subscribed
        self.event = event
        self.properties = properties
        self.attributeDefinition = attributeDefinition
        self.eventDefinition = eventDefinition
        self.blockedValues = blockedValues
        self.unblockedValues = unblockedValues
        self.settings = settings
    }

    /// Decodes an envelope, taking the members a publisher may leave out as absent rather than refusing the event:
    /// `schema` is this version's, and `id`, `tenant` and `occurred_at` are left empty for whoever receives the event
    /// to fill before `validate()`, which still refuses them empty: the resolver takes a Kafka message's timestamp as
    /// the time (a redelivery reads the same), ingest stamps what an HTTP call leaves out.
    public init(from decoder: any Decoder) throws {
        let members = try decoder.container(keyedBy: CodingKeys.self)
        schema = try members.decodeIfPresent(String.self, forKey: .schema) ?? Self.schemaName
        id = try members.decodeIfPresent(String.self, forKey: .id) ?? ""
        tenant = try members.decodeIfPresent(String.self, forKey: .tenant) ?? ""
        type = try members.decode(ContactEventType.self, forKey: .type)
        occurredAt = try members.decodeIfPresent(String.self, forKey: .occurredAt) ?? ""
        source = try members.decodeIfPresent(String.self, forKey: .source)
        identifiers = try members.decodeIfPresent([String: String].self, forKey: .identifiers)
        attributes = try members.decodeIfPresent([String: JSONValue].self, forKey: .attributes)
        let aliases = try decoder.container(keyedBy: TagAliasKeys.self)
        tags =
            try members.decodeIfPresent([String].self, forKey: .tags)
            ?? aliases.decodeIfPresent([String].self, forKey: .add)
        removeTags =
            try members.decodeIfPresent([String].self, forKey: .removeTags)
            ?? aliases.decodeIfPresent([String].self, forKey: .remove)
        hiddenTags =
            try members.decodeIfPresent([String].self, forKey: .hiddenTags)
            ?? aliases.decodeIfPresent([String].self, forKey: .addHidden)
        mode = try members.decodeIfPresent(WriteMode.self, forKey: .mode)
        channel = try members.decodeIfPresent(SubscriptionChannel.self, forKey: .channel)
        subscribed = try members.decodeIfPresent(Bool.self, forKey: .subscribed)
        event = try members.decodeIfPresent(String.self, forKey: .event)
        properties = try members.decodeIfPresent([String: JSONValue].self, forKey: .properties)
        attributeDefinition = try members.decodeIfPresent(AttributeDefinition.self, forKey: .attributeDefinition)
        eventDefinition = try members.decodeIfPresent(EventDefinition.self, forKey: .eventDefinition)
        blockedValues = try members.decodeIfPresent([String].self, forKey: .blockedValues)
        unblockedValues = try members.decodeIfPresent([String].self, forKey: .unblockedValues)
        settings = try members.decodeIfPresent(TenantSettings.self, forKey: .settings)
    }

    /// The names the HTTP tag call gives its lists (`add`, `add_hidden`, `remove`), read for `tags`, `hidden_tags`
    /// and `remove_tags` when an event carries them instead.
    private enum TagAliasKeys: String, CodingKey {
        case add, addHidden, remove
    }

    /// Refuses a blank tag, naming it by its position in `field`.
    private static func refuseBlank(_ names: [String]?, field: String) throws(WireError) {
        guard let blank = names?.firstIndex(where: { $0.allSatisfy(\.isWhitespace) }) else { return }
        throw WireError(field: "\(field).\(blank)", reason: "must not be empty")
    }

    /// Checks what the envelope's type requires; every problem names its field.
    public func validate() throws(WireError) {
        guard schema == Self.schemaName else {
            throw WireError(field: "schema", reason: "must be \(Self.schemaName), not \(schema)")
        }
        guard !id.isEmpty else { throw WireError(field: "id", reason: "must not be empty") }
        guard !tenant.isEmpty else { throw WireError(field: "tenant", reason: "must not be empty") }
        guard !occurredAt.isEmpty else { throw WireError(field: "occurred_at", reason: "is required") }
        guard Timestamps.parse(occurredAt) != nil else {
            throw WireError(field: "occurred_at", reason: "must be an RFC 3339 time, not \(occurredAt)")
        }
        let needsIdentifiers: Set<ContactEventType> = [
            .upsert, .delete, .unlink, .subscription, .tags, .activity,
        ]
        if needsIdentifiers.contains(type), (identifiers ?? [:]).filter({ !$0.value.isEmpty }).isEmpty {
            throw WireError(field: "identifiers", reason: "must name at least one identifier of the contact")
        }
        // Checked one list at a time: the resolver validates every event it applies.
        try Self.refuseBlank(tags, field: "tags")
        try Self.refuseBlank(hiddenTags, field: "hidden_tags")
        try Self.refuseBlank(removeTags, field: "remove_tags")
        switch type {
        case .subscription:
            if channel == nil { throw WireError(field: "channel", reason: "is required for contact.subscription") }
            if subscribed == nil {
                throw WireError(field: "subscribed", reason: "is required for contact.subscription")
            }
        case .tags:
            if (tags ?? []).isEmpty && (removeTags ?? []).isEmpty && (hiddenTags ?? []).isEmpty {
                throw WireError(field: "tags", reason: "contact.tags needs tags, hidden_tags or remove_tags")
            }
        case .activity:
            if (event ?? "").isEmpty { throw WireError(field: "event", reason: "is required for contact.activity") }
        case .attributeDefined:
            if attributeDefinition == nil {
                throw WireError(field: "attribute_definition", reason: "is required for metadata.attribute")
            }
        case .eventDefined:
            if eventDefinition == nil {
                throw WireError(field: "event_definition", reason: "is required for metadata.event")
            }
        case .blocklist:
            if (blockedValues ?? []).isEmpty && (unblockedValues ?? []).isEmpty {
                throw WireError(
                    field: "blocked_values", reason: "metadata.blocklist needs blocked_values or unblocked_values")
            }
        case .settings:
            guard let country = settings?.defaultCountry else {
                throw WireError(field: "settings.default_country", reason: "is required for metadata.settings")
            }
            guard IdentifierNormalizer.knows(country: country) else {
                throw WireError(
                    field: "settings.default_country",
                    reason: "\(country) is not one of \(IdentifierNormalizer.countries.joined(separator: ", "))")
            }
        case .upsert, .delete, .unlink:
            break
        }
    }
}

/// The kinds of event on `cdp.contact-events`.
public enum ContactEventType: String, WireEnum {
    case upsert = "contact.upsert"
    case delete = "contact.delete"
    /// Takes the event's identifiers off the contacts holding them (a channel contact deleted in social-sync); a
    /// contact left without any identifier is deleted.
    case unlink = "contact.unlink"
    case subscription = "contact.subscription"
    case tags = "contact.tags"
    case activity = "contact.activity"
    case attributeDefined = "metadata.attribute"
    case eventDefined = "metadata.event"
    case blocklist = "metadata.blocklist"
    case settings = "metadata.settings"
}

/// A tenant's settings.
public struct TenantSettings: Codable, Sendable, Equatable {
    /// The ISO country a local phone number belongs to (`CN`, `TW`, ...).
    public var defaultCountry: String?

    public init(defaultCountry: String? = nil) {
        self.defaultCountry = defaultCountry
    }
}

/// Whether a write records events (normal) or only changes the contact (fast).
public enum WriteMode: String, WireEnum {
    case normal, fast
}

/// A subscription channel; `global` covers both e-mail and mobile.
public enum SubscriptionChannel: String, WireEnum {
    case email, mobile, global

    /// `sms` is the mobile channel, as the import purpose `unsubscribe-sms` calls it.
    public static let aliases: [String: SubscriptionChannel] = ["sms": .mobile]
}

/// The value type of an attribute.
public enum AttributeType: String, WireEnum {
    case text, number, boolean, date, datetime, `enum`
}

/// An attribute a tenant may store on contacts.
public struct AttributeDefinition: Codable, Sendable, Equatable {
    /// Stable snake_case key (`member_points`).
    public var key: String
    /// What people see (`会员积分`).
    public var label: String
    public var type: AttributeType
    /// Whether a value makes the contact real-name and identifies it.
    public var primaryKey: Bool?
    /// Allowed values of an enum attribute.
    public var options: [String]?

    public init(key: String, label: String, type: AttributeType, primaryKey: Bool? = nil, options: [String]? = nil) {
        self.key = key
        self.label = label
        self.type = type
        self.primaryKey = primaryKey
        self.options = options
    }
}

/// A behaviour event a tenant may record, with its properties' types.
public struct EventDefinition: Codable, Sendable, Equatable {
    public var key: String
    public var label: String
    /// Property key → type.
    public var properties: [String: AttributeType]?

    public init(key: String, label: String, properties: [String: AttributeType]? = nil) {
        self.key = key
        self.label = label
        self.properties = properties
    }
}
