/// A contact's current state on `cdp.profiles` (a tombstone, a null value, marks a delete or merge-away).
public struct ProfileSnapshot: Codable, Sendable, Equatable {
    public static let schemaName = "roster.profile/v1"

    public var schema: String
    public var tenant: String
    public var contactId: String
    /// The contact event that produced this state.
    public var eventId: String
    /// Identifier kind → values.
    public var identifiers: [String: [String]]
    public var attributes: [String: JSONValue]
    /// Visible tags.
    public var tags: [String]
    /// Hidden tags (absent when there are none): on the contact, not shown by default.
    public var hiddenTags: [String]?
    public var subscriptions: Subscriptions
    public var createdAt: String
    public var updatedAt: String

    public init(
        tenant: String, contactId: String, eventId: String, identifiers: [String: [String]],
        attributes: [String: JSONValue], tags: [String], hiddenTags: [String]? = nil, subscriptions: Subscriptions,
        createdAt: String, updatedAt: String
    ) {
        self.schema = Self.schemaName
        self.tenant = tenant
        self.contactId = contactId
        self.eventId = eventId
        self.identifiers = identifiers
        self.attributes = attributes
        self.tags = tags
        self.hiddenTags = hiddenTags
        self.subscriptions = subscriptions
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// Subscription state per channel; `global` false overrides the others.
public struct Subscriptions: Codable, Sendable, Equatable {
    public var global: Bool
    public var email: Bool
    public var mobile: Bool

    public init(global: Bool = true, email: Bool = true, mobile: Bool = true) {
        self.global = global
        self.email = email
        self.mobile = mobile
    }
}

/// A behaviour event attributed to a resolved contact, on `cdp.activity`.
public struct ActivityRecord: Codable, Sendable, Equatable {
    public static let schemaName = "roster.activity/v1"

    public var schema: String
    public var id: String
    public var tenant: String
    public var contactId: String
    public var event: String
    public var properties: [String: JSONValue]
    public var occurredAt: String

    public init(
        id: String, tenant: String, contactId: String, event: String, properties: [String: JSONValue],
        occurredAt: String
    ) {
        self.schema = Self.schemaName
        self.id = id
        self.tenant = tenant
        self.contactId = contactId
        self.event = event
        self.properties = properties
        self.occurredAt = occurredAt
    }
}

/// A contact entering or leaving a segment, on `cdp.segment-membership`.
public struct SegmentMembershipChange: Codable, Sendable, Equatable {
    public static let schemaName = "roster.segment-membership/v1"

    /// Whether the contact entered or left.
    public enum Status: String, Codable, Sendable {
        case entered
        case exited
    }

    public var schema: String
    public var id: String
    public var tenant: String
    public var segmentId: String
    public var contactId: String
    /// `true` on entering, `false` on leaving (the same fact as `status`).
    public var member: Bool
    public var status: Status
    /// The version of the segment definition that decided this change.
    public var definitionVersion: Int
    public var changedAt: String

    public init(
        id: String, tenant: String, segmentId: String, contactId: String, status: Status, definitionVersion: Int,
        changedAt: String
    ) {
        self.schema = Self.schemaName
        self.id = id
        self.tenant = tenant
        self.segmentId = segmentId
        self.contactId = contactId
        self.member = status == .entered
        self.status = status
        self.definitionVersion = definitionVersion
        self.changedAt = changedAt
    }
}

/// What a channel webhook or bot reports about one channel user, on `cdp.social-events`.
///
/// `type` says what happened; the optional fields carry what that type needs (`social_sync`'s README lists them).
/// The `omo` pseudo-channel carries the tenant's teammates and stores, which import rows bind contacts to.
public struct SocialEvent: Codable, Sendable, Equatable {
    public static let schemaName = "roster.social-event/v1"

    public var schema: String
    public var id: String
    public var tenant: String
    /// `line`, `facebook`, `instagram`, `whatsapp` or `wechat` (`omo` for teammate and store records).
    public var channel: String
    public var channelUserId: String
    /// `subscribed`, `unsubscribed`, `customer_message`, `team_message`, `marketing_push`, `checkout`, ...
    public var type: String
    public var occurredAt: String
    /// Custom attributes of the channel contact (`attribute_set`, imports): key → value, null clears.
    public var attributes: [String: JSONValue]?
    /// Who published it (`webhook`, `http`, `import:<job>`).
    public var source: String?
    /// The user's name on the channel (or a teammate's or store's name).
    public var displayName: String?
    /// The user's picture.
    public var avatarUrl: String?
    /// The web member id the user bound or was imported with.
    public var memberId: String?
    /// An e-mail address learned about the user.
    public var email: String?
    /// A phone number learned about the user, international digits.
    public var phone: String?
    /// Tags added (`tag_added`, imports) or removed (`tag_removed`).
    public var tags: [String]?
    /// Imports: whether `tags` replace all of the contact's tags rather than being added.
    public var overwriteTags: Bool?
    /// OMO binding: the teammate id (`UNASSIGNED` unbinds); the teammate's id on `teammate_saved`.
    public var teammate: String?
    /// OMO binding: the store location code; the store's code on `store_saved` and `teammate_saved`.
    public var storeCode: String?
    /// `teammate_saved`: the teammate's role (`sales`, `sales_manager`, `clerk`, ...).
    public var role: String?
    /// Whether the user is over the channel's messaging quota.
    public var overQuota: Bool?

    public init(
        id: String, tenant: String, channel: String, channelUserId: String, type: String, occurredAt: String,
        attributes: [String: JSONValue]? = nil, source: String? = nil, displayName: String? = nil,
        avatarUrl: String? = nil, memberId: String? = nil, email: String? = nil, phone: String? = nil,
        tags: [String]? = nil, overwriteTags: Bool? = nil, teammate: String? = nil, storeCode: String? = nil,
        role: String? = nil, overQuota: Bool? = nil
    ) {
        self.schema = Self.schemaName
        self.id = id
        self.tenant = tenant
        self.channel = channel
        self.channelUserId = channelUserId
        self.type = type
        self.occurredAt = occurredAt
        self.attributes = attributes
        self.source = source
        self.displayName = displayName
        self.avatarUrl = avatarUrl
        self.memberId = memberId
        self.email = email
        self.phone = phone
        self.tags = tags
        self.overwriteTags = overwriteTags
        self.teammate = teammate
        self.storeCode = storeCode
        self.role = role
        self.overQuota = overQuota
    }
}

/// A request for a file of contacts, on `cdp.exports.requests`.
public struct ExportRequest: Codable, Sendable, Equatable {
    public static let schemaName = "roster.export-request/v1"

    public var schema: String
    public var id: String
    public var tenant: String
    /// `segment`, `category` or `search`.
    public var scope: String
    /// The segment id, the category, or the search filter, by scope.
    public var target: String
    /// `csv` or `xlsx`.
    public var format: String
    /// Attribute keys to include; all when absent.
    public var attributes: [String]?
    public var notifyEmail: String?
    public var requestedBy: String
    public var requestedAt: String

    public init(
        id: String, tenant: String, scope: String, target: String, format: String, attributes: [String]? = nil,
        notifyEmail: String? = nil, requestedBy: String, requestedAt: String
    ) {
        self.schema = Self.schemaName
        self.id = id
        self.tenant = tenant
        self.scope = scope
        self.target = target
        self.format = format
        self.attributes = attributes
        self.notifyEmail = notifyEmail
        self.requestedBy = requestedBy
        self.requestedAt = requestedAt
    }
}

/// A finished export, on `cdp.exports.results`.
public struct ExportResult: Codable, Sendable, Equatable {
    public static let schemaName = "roster.export-result/v1"

    public var schema: String
    public var id: String
    public var tenant: String
    /// `completed` or `failed`.
    public var status: String
    public var rows: Int
    public var bytes: Int
    /// The file's checksum; a completed export's only.
    public var sha256: String?
    /// Where the file is served; a completed export's only.
    public var downloadPath: String?
    public var notifyEmail: String?
    /// Why a failed export failed.
    public var error: String?

    /// A result with every field given.
    public init(
        id: String, tenant: String, status: String, rows: Int, bytes: Int, sha256: String?, downloadPath: String?,
        notifyEmail: String? = nil, error: String? = nil
    ) {
        self.schema = Self.schemaName
        self.id = id
        self.tenant = tenant
        self.status = status
        self.rows = rows
        self.bytes = bytes
        self.sha256 = sha256
        self.downloadPath = downloadPath
        self.notifyEmail = notifyEmail
        self.error = error
    }

    /// The result of an export that failed, with the reason, so that whoever asked hears of it.
    public static func failed(id: String, tenant: String, notifyEmail: String?, error: String) -> ExportResult {
        ExportResult(
            id: id, tenant: tenant, status: "failed", rows: 0, bytes: 0, sha256: nil, downloadPath: nil,
            notifyEmail: notifyEmail, error: error)
    }
}
