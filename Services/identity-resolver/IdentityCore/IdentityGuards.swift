import Foundation
import RosterModel

/// The guards against over-merging: identifier values that never join contacts, and how many values of one
/// kind a contact may hold.
struct IdentityGuards: Sendable {
    /// Values blocked for every tenant unless it unblocks them (compared lower-cased, after normalization).
    static let defaultBlockedValues: Set<String> = [
        "null", "undefined", "none", "nil", "n/a", "na", "0", "-", "test@test.com", "test@example.com",
        "[object object]", "noemail@noemail.com",
    ]

    /// A tenant's changes to the defaults.
    var blocked: Set<String> = []
    var unblocked: Set<String> = []

    /// Whether a value must never be used to join or identify contacts.
    func isBlocked(kind: String, value: String) -> Bool {
        let lowered = value.lowercased()
        if unblocked.contains(lowered) { return false }
        if blocked.contains(lowered) || Self.defaultBlockedValues.contains(lowered) { return true }
        return IdentifierNormalizer.phoneKinds.contains(kind) && Self.isAllZeroPhone(value)
    }

    /// A phone whose subscriber number (after up to three digits of country code) is all zeros.
    static func isAllZeroPhone(_ digits: String) -> Bool {
        digits.count >= 6 && digits.dropFirst(min(3, digits.count)).allSatisfy { $0 == "0" }
            || digits.allSatisfy { $0 == "0" }
    }

    /// The most values of `kind` one contact may hold: 5 e-mails, 5 phones, 20 of each channel identifier.
    static func limit(for kind: String) -> Int {
        switch kind {
        case "email", "mobile": 5
        default: 20
        }
    }
}

/// Something the resolver declined to do, recorded on the contact so that it is never silent.
struct ContactFlag: Codable, Sendable, Equatable {
    /// `blocked_identifier`, `identifier_limit` or `merge_skipped_limit`.
    var reason: String
    var kind: String
    var value: String
    var eventId: String
    var at: String
    /// The contact a skipped merge would have joined.
    var otherContactId: String?
}
