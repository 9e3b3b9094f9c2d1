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

extension ContactFlag: FastJSONEncodable, FastJSONDecodable {
    func writeJSON(to writer: inout JSONWriter) {
        writer.object { writer in
            writer.member("at", at)
            writer.member("event_id", eventId)
            writer.member("kind", kind)
            writer.member("other_contact_id", ifPresent: otherContactId)
            writer.member("reason", reason)
            writer.member("value", value)
        }
    }

    init(json: JSONValue) throws(WireError) {
        guard case .object(let members) = json else { throw WireError(field: "", reason: "must be a flag object") }
        func text(_ name: String) throws(WireError) -> String {
            guard case .string(let value) = members[name] else { throw WireError(field: name, reason: "is required") }
            return value
        }
        self.init(
            reason: try text("reason"), kind: try text("kind"), value: try text("value"), eventId: try text("event_id"),
            at: try text("at"), otherContactId: members["other_contact_id"]?.text)
    }
}
