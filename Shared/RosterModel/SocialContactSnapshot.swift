/// A channel contact's current state on `cdp.social-contacts` (keyed `tenant/channel/channel_user_id`; a tombstone,
/// a null value, marks a delete). Written by social-sync, read by the exporter.
public struct SocialContactSnapshot: Codable, Sendable, Equatable {
    public static let schemaName = "roster.social-contact/v1"

    public var schema: String
    public var tenant: String
    /// `line`, `facebook`, `instagram`, `whatsapp` or `wechat`.
    public var channel: String
    /// The LINE UID, Facebook PSID, Instagram SID, WhatsApp phone or WeChat openid.
    public var channelUserId: String
    /// The unified contact the resolver joined this user to, once known.
    public var contactId: String?
    public var displayName: String?
    public var avatarUrl: String?
    public var memberId: String?
    /// Normalized e-mail.
    public var email: String?
    /// International digits without `+`.
    public var phone: String?
    /// Whether marketing pushes on this channel reach the user.
    public var subscribed: Bool
    public var subscribedAt: String?
    /// Whether the user bound the channel identity to the web member.
    public var socialBound: Bool
    public var phoneBound: Bool
    public var memberBound: Bool
    /// Facebook only: whether the user opted in to recurring notifications (absent on other channels).
    public var recurringNotification: Bool?
    public var lastCheckoutAt: String?
    public var teamLastInteractionAt: String?
    public var teamLastMarketingAt: String?
    public var customerLastInteractionAt: String?
    public var overQuota: Bool
    public var tags: [String]
    /// Custom attributes.
    public var attributes: [String: JSONValue]
    /// OMO binding: the teammate and the store location code.
    public var omoTeammate: String?
    public var omoStore: String?
    /// Whether the user is on the channel's test list.
    public var testList: Bool
    public var createdAt: String
    public var updatedAt: String
    /// The social event that produced this state.
    public var eventId: String

    /// A snapshot; a new channel contact is subscribed, unbound, untagged and off the test list.
    public init(
        tenant: String, channel: String, channelUserId: String, contactId: String? = nil, displayName: String? = nil,
        avatarUrl: String? = nil, memberId: String? = nil, email: String? = nil, phone: String? = nil,
        subscribed: Bool = true, subscribedAt: String? = nil, socialBound: Bool = false, phoneBound: Bool = false,
        memberBound: Bool = false, recurringNotification: Bool? = nil, lastCheckoutAt: String? = nil,
        teamLastInteractionAt: String? = nil, teamLastMarketingAt: String? = nil,
        customerLastInteractionAt: String? = nil, overQuota: Bool = false, tags: [String] = [],
        attributes: [String: JSONValue] = [:], omoTeammate: String? = nil, omoStore: String? = nil,
        testList: Bool = false, createdAt: String, updatedAt: String, eventId: String
    ) {
        self.schema = Self.schemaName
        self.tenant = tenant
        self.channel = channel
        self.channelUserId = channelUserId
        self.contactId = contactId
        self.displayName = displayName
        self.avatarUrl = avatarUrl
        self.memberId = memberId
        self.email = email
        self.phone = phone
        self.subscribed = subscribed
        self.subscribedAt = subscribedAt
        self.socialBound = socialBound
        self.phoneBound = phoneBound
        self.memberBound = memberBound
        self.recurringNotification = recurringNotification
        self.lastCheckoutAt = lastCheckoutAt
        self.teamLastInteractionAt = teamLastInteractionAt
        self.teamLastMarketingAt = teamLastMarketingAt
        self.customerLastInteractionAt = customerLastInteractionAt
        self.overQuota = overQuota
        self.tags = tags
        self.attributes = attributes
        self.omoTeammate = omoTeammate
        self.omoStore = omoStore
        self.testList = testList
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.eventId = eventId
    }

    /// The key on `cdp.social-contacts`.
    public var key: String { "\(tenant)/\(channel)/\(channelUserId)" }
}
