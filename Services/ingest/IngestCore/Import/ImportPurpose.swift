import RosterModel

/// What an import file is for; each purpose becomes one kind of contact event per row.
public enum ImportPurpose: String, WireEnum {
    /// Create contacts that do not exist, update those that do (`contact.upsert`).
    case add
    /// Delete the contacts that exist; unknown ones are ignored (`contact.delete`).
    case delete
    /// Unsubscribe from e-mail (`contact.subscription`, channel `email`).
    case unsubscribeEmail = "unsubscribe-email"
    /// Unsubscribe from SMS/MMS (`contact.subscription`, channel `mobile`).
    case unsubscribeSMS = "unsubscribe-sms"
    /// Unsubscribe from everything (`contact.subscription`, channel `global`).
    case unsubscribeGlobal = "unsubscribe-global"

    /// The subscription channel an unsubscribe purpose changes; nil for add and delete.
    var channel: SubscriptionChannel? {
        switch self {
        case .add, .delete: nil
        case .unsubscribeEmail: .email
        case .unsubscribeSMS: .mobile
        case .unsubscribeGlobal: .global
        }
    }

    /// Whether rows carry `event_id` and `create_time` (the unsubscribe purposes).
    var needsEventColumns: Bool { channel != nil }

    /// Whether attribute columns are written (only add/update); other purposes use identifier columns alone.
    var writesAttributes: Bool { self == .add }

    /// The file name of this purpose's template, without extension.
    var templateName: String {
        switch self {
        case .add: "add-or-update-contacts"
        case .delete: "delete-contacts"
        case .unsubscribeEmail: "unsubscribe-email"
        case .unsubscribeSMS: "unsubscribe-sms"
        case .unsubscribeGlobal: "unsubscribe-global"
        }
    }
}
