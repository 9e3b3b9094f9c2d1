/// The messaging channels, the identifier kind each one's user id is to the resolver, and the fields each has.
public enum Channel: String, CaseIterable, Sendable, Codable {
    case line, facebook, instagram, whatsapp, wechat

    /// The identifier kind on `cdp.contact-events`.
    public var identifierKind: String {
        switch self {
        case .line: "line_uid"
        case .facebook: "fb_psid"
        case .instagram: "ig_sid"
        case .whatsapp: "whatsapp"
        case .wechat: "wechat_openid"
        }
    }

    /// What the channel calls its user id, as a CSV column and in exports (`LINE UID`, `FB PSID`, ...).
    public var userIDLabel: String {
        switch self {
        case .line: "LINE UID"
        case .facebook: "FB PSID"
        case .instagram: "IG SID"
        case .whatsapp: "WhatsApp Phone"
        case .wechat: "WeChat OpenID"
        }
    }

    /// The channel whose identifier kind this is.
    public init?(identifierKind: String) {
        guard let channel = Self.allCases.first(where: { $0.identifierKind == identifierKind }) else { return nil }
        self = channel
    }

    /// Reads a channel name, or throws naming the allowed ones.
    public static func parse(_ text: String?, field: String = "channel") throws -> Channel {
        guard let text, let channel = Channel(rawValue: text) else {
            throw SocialError.invalid(
                field: field, value: text, reason: "must be one of \(allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return channel
    }

    /// The snapshot fields a contact of this channel has, in display order: the detail view shows exactly these
    /// (WhatsApp has no PSID-like id besides the phone; only Facebook has recurring notifications).
    public var fields: [String] {
        var fields = ["channel_user_id", "contact_id", "display_name"]
        if self != .whatsapp { fields.append("avatar_url") }
        fields += ["member_id", "email"]
        if self != .whatsapp { fields.append("phone") }
        fields += [
            "subscribed", "subscribed_at", "social_bound", "phone_bound", "member_bound",
        ]
        if self == .facebook { fields.append("recurring_notification") }
        fields += [
            "last_checkout_at", "team_last_interaction_at", "team_last_marketing_at", "customer_last_interaction_at",
            "over_quota", "tags", "attributes", "omo_teammate", "omo_store", "test_list", "created_at", "updated_at",
        ]
        return fields
    }
}
