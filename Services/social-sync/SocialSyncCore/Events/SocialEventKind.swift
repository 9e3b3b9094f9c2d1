/// What a social event reports; the raw values are the `type` field on `cdp.social-events`.
enum SocialEventKind: String, CaseIterable, Sendable {
    case subscribed, followed, unsubscribed, blocked
    case customerMessage = "customer_message"
    case botInteraction = "bot_interaction"
    case teamMessage = "team_message"
    case marketingPush = "marketing_push"
    case cartReminder = "cart_reminder"
    case checkout
    case socialBinding = "social_binding"
    case phoneBinding = "phone_binding"
    case memberBinding = "member_binding"
    case recurringNotificationOptIn = "recurring_notification_opt_in"
    case recurringNotificationOptOut = "recurring_notification_opt_out"
    case tagAdded = "tag_added"
    case tagRemoved = "tag_removed"
    case attributeSet = "attribute_set"
    case profileUpdated = "profile_updated"
    case contactAdded = "contact_added"
    case imported
    case omoBound = "omo_bound"
    case testListAdded = "test_list_added"
    case testListRemoved = "test_list_removed"
    case deleted
    case teammateSaved = "teammate_saved"
    case storeSaved = "store_saved"

    /// Records of the tenant's OMO set-up (channel `omo`) rather than of a channel user.
    var isOMORecord: Bool { self == .teammateSaved || self == .storeSaved }
}

/// The teammate id that unbinds a contact from its OMO teammate and store.
let unassignedTeammate = "UNASSIGNED"

/// Teammate roles that may have channel contacts bound to them.
let bindableRoles: Set<String> = ["sales", "sales_manager"]

/// Every teammate role.
let teammateRoles: Set<String> = ["sales", "sales_manager", "clerk", "manager"]
