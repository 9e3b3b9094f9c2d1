import Foundation
import GRDB
import RosterModel
import RosterRuntime

/// A search over one channel's contacts: any number of conditions, ANDed, each over an indexed column or the tag
/// table. Parsed from query parameters so that the list, the search and the id export share it.
public struct ContactQuery: Sendable, Equatable {
    /// One condition.
    public enum Condition: Sendable, Equatable {
        /// The full display name, exactly.
        case displayName(String)
        /// Has (or does not have) the tag.
        case tag(String, present: Bool)
        /// A field (`member_id`, `phone`, `email`) or custom attribute is set (or not).
        case has(field: String, present: Bool)
        /// A field (`member_id`, `phone`, `email`, `contact_id`) or custom attribute (`attribute.KEY`, compared as
        /// text) has the value; an e-mail or a phone is compared as the tenant's events store it (`IdentifierNormalizer`).
        case equals(field: String, value: String)
        /// A time column within [from, to] (RFC 3339 text bounds, inclusive).
        case between(column: String, from: String, to: String)
        /// A boolean column equals the value (`subscribed`, `social_bound`, `recurring_notification`, `over_quota`,
        /// `test_list`).
        case flag(column: String, value: Bool)
        /// Bound to any OMO teammate (or to none).
        case omoBound(Bool)
        /// Bound to the teammate.
        case teammate(String)
        /// Bound to the store.
        case store(String)
    }

    /// The channel searched.
    public var channel: Channel
    /// The conditions, all of which must hold.
    public var conditions: [Condition]

    /// The time columns a date range may be given on.
    static let timeColumns: Set<String> = [
        "subscribed_at", "customer_last_interaction_at", "team_last_marketing_at", "team_last_interaction_at",
        "last_checkout_at",
    ]
    /// The boolean columns a flag may be given on.
    static let flagColumns: Set<String> = [
        "subscribed", "social_bound", "phone_bound", "member_bound", "recurring_notification", "over_quota",
        "test_list",
    ]
    /// Fields `has` and `missing` accept besides `attribute.KEY`.
    static let presenceFields: Set<String> = ["member_id", "phone", "email", "contact_id"]

    /// A query of the channel with these conditions.
    public init(channel: Channel, conditions: [Condition] = []) {
        self.channel = channel
        self.conditions = conditions
    }

    /// Reads `channel=` and the conditions: `display_name=`, `tag=`, `no_tag=`, `has=`, `missing=` (member_id,
    /// phone, email, contact_id, attribute.KEY), the same fields `=VALUE`, `<time column>=FROM..TO` (dates or RFC 3339
    /// times), `<flag>=true|false`, `omo_bound=true|false`, `teammate=`, `store=`. A searched e-mail or phone is
    /// read by `normalizer`, as the tenant's events are.
    public init(parameters: [(String, String)], normalizer: IdentifierNormalizer = IdentifierNormalizer()) throws {
        channel = try Channel.parse(parameters.first { $0.0 == "channel" }?.1)
        conditions = []
        for (name, value) in parameters {
            switch name {
            case "channel", "page", "page_size": continue
            case "display_name": conditions.append(.displayName(value))
            case "tag", "no_tag":
                guard !value.isEmpty else {
                    throw SocialError.invalid(field: name, value: value, reason: "must name a tag")
                }
                conditions.append(.tag(value, present: name == "tag"))
            case "has", "missing":
                guard Self.presenceFields.contains(value) || (value.hasPrefix("attribute.") && value.count > 10) else {
                    throw SocialError.invalid(
                        field: name, value: value,
                        reason:
                            "must be one of \(Self.presenceFields.sorted().joined(separator: ", ")) or attribute.KEY")
                }
                conditions.append(.has(field: value, present: name == "has"))
            case let field where Self.presenceFields.contains(field):
                conditions.append(.equals(field: field, value: try Self.searched(field, value, normalizer)))
            case let field where field.hasPrefix("attribute.") && field.count > "attribute.".count:
                conditions.append(.equals(field: field, value: value))
            case let column where Self.timeColumns.contains(column):
                conditions.append(try Self.range(column, value))
            case let column where Self.flagColumns.contains(column):
                conditions.append(.flag(column: column, value: try Self.bool(column, value)))
            case "omo_bound": conditions.append(.omoBound(try Self.bool(name, value)))
            case "teammate": conditions.append(.teammate(value))
            case "store": conditions.append(.store(value))
            default:
                throw SocialError.invalid(field: name, value: value, reason: "is not a search condition")
            }
        }
    }

    /// A searched value as the field stores it: an e-mail or a phone normalized as events normalize them.
    private static func searched(_ field: String, _ value: String, _ normalizer: IdentifierNormalizer) throws
        -> String
    {
        guard field == "email" || field == "phone" else { return value }
        switch normalizer.normalize(kind: field == "email" ? "email" : "mobile", value: value) {
        case .success(let normalized): return normalized
        case .failure(let invalid): throw SocialError.invalid(field: field, value: value, reason: invalid.reason)
        }
    }

    private static func bool(_ name: String, _ value: String) throws -> Bool {
        switch value {
        case "true", "yes", "1": return true
        case "false", "no", "0": return false
        default: throw SocialError.invalid(field: name, value: value, reason: "must be true or false")
        }
    }

    /// `FROM..TO`: dates (`2026-03-01`, the whole day) or RFC 3339 times; either side may be empty.
    private static func range(_ column: String, _ value: String) throws -> Condition {
        let parts = value.components(separatedBy: "..")
        guard parts.count == 2 else {
            throw SocialError.invalid(field: column, value: value, reason: "must be FROM..TO (dates or RFC 3339 times)")
        }
        func bound(_ text: String, end: Bool) throws -> String {
            if text.isEmpty { return end ? "9999" : "" }
            if text.count == 10, Timestamps.parse(text + "T00:00:00Z") != nil {
                return text + (end ? "T23:59:59.999Z" : "T00:00:00.000Z")
            }
            guard let date = Timestamps.parse(text) else {
                throw SocialError.invalid(field: column, value: value, reason: "\(text) is not a date or RFC 3339 time")
            }
            return Timestamps.format(date)
        }
        return .between(column: column, from: try bound(parts[0], end: false), to: try bound(parts[1], end: true))
    }

    /// The tags the conditions name.
    var tags: [String] {
        conditions.compactMap { if case .tag(let tag, _) = $0 { tag } else { nil } }
    }

    /// The WHERE clause (over `social_contacts c`) and its arguments for a tenant; a tag with a bit in `tagBits` is
    /// checked on the row's tag mask, any other in the tag table.
    func sql(tenant: String, tagBits: [String: Int64] = [:]) -> (clause: String, arguments: StatementArguments) {
        var clauses = ["c.tenant = ?", "c.channel = ?"]
        var arguments: StatementArguments = [tenant, channel.rawValue]
        for condition in conditions {
            switch condition {
            case .displayName(let name):
                clauses.append("c.display_name = ?")
                arguments += [name]
            case .tag(let tag, let present) where tagBits[tag] != nil:
                clauses.append("(c.tag_bits & ?) \(present ? "!=" : "=") 0")
                arguments += [tagBits[tag]!]
            case .tag(let tag, let present):
                clauses.append(
                    "\(present ? "" : "NOT ")EXISTS (SELECT 1 FROM social_contact_tags t WHERE t.contact_row = c.id AND t.tag = ?)"
                )
                arguments += [tag]
            case .has(let field, let present):
                if field.hasPrefix("attribute.") {
                    clauses.append("json_extract(c.attributes, ?) IS \(present ? "NOT " : "")NULL")
                    arguments += ["$.\"\(field.dropFirst("attribute.".count))\""]
                } else {
                    clauses.append("c.\(field) IS \(present ? "NOT " : "")NULL")
                }
            case .equals(let field, let value):
                if field.hasPrefix("attribute.") {
                    clauses.append("CAST(json_extract(c.attributes, ?) AS TEXT) = ?")
                    arguments += ["$.\"\(field.dropFirst("attribute.".count))\"", value]
                } else {
                    clauses.append("c.\(field) = ?")
                    arguments += [value]
                }
            case .between(let column, let from, let to):
                clauses.append("c.\(column) BETWEEN ? AND ?")
                arguments += [from, to]
            case .flag(let column, let value):
                clauses.append("c.\(column) = ?")
                arguments += [value]
            case .omoBound(let bound):
                clauses.append("c.omo_teammate IS \(bound ? "NOT " : "")NULL")
            case .teammate(let teammate):
                clauses.append("c.omo_teammate = ?")
                arguments += [teammate]
            case .store(let store):
                clauses.append("c.omo_store = ?")
                arguments += [store]
            }
        }
        return (clauses.joined(separator: " AND "), arguments)
    }
}
