import Foundation
import RosterModel

/// The guards against over-merging: identifier values that never join contacts, and how many values of one
/// kind a contact may hold.
struct IdentityGuards: Sendable {
    /// The tenant's blocked values over the defaults.
    var values = BlockedIdentifierValues()

    /// Whether a value must never be used to join or identify contacts.
    func isBlocked(kind: String, value: String) -> Bool { values.isBlocked(kind: kind, value: value) }

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
