import Foundation
import GRDB
import RosterModel

/// The contact categories of the product: real-name (a primary key has a value), anonymous, WeChat fans, all.
public enum ContactCategory: String, Sendable, CaseIterable {
    case all
    case realName = "real_name"
    case anonymous
    case wechatFans = "wechat_fans"

    /// The flag column that selects the category, if any.
    var column: String? {
        switch self {
        case .all: nil
        case .realName, .anonymous: "real_name"
        case .wechatFans: "wechat_fan"
        }
    }
}

/// One search condition on contacts: exact value, fuzzy "contains", or a tag.
public enum ContactFilter: Sendable, Equatable {
    /// An attribute or identifier equals the value (identifiers compare normalized values).
    case equals(field: String, value: String)
    /// An attribute or identifier contains the text, case-insensitively.
    case contains(field: String, text: String)
    /// The contact has the tag.
    case tag(String)

    /// Parses `FIELD=VALUE` for `where` and `contains` query parameters.
    static func parse(_ text: String, contains: Bool) -> ContactFilter? {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else { return nil }
        let field = String(text[..<equals])
        let value = String(text[text.index(after: equals)...])
        guard field.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
        return contains ? .contains(field: field, text: value) : .equals(field: field, value: value)
    }

    /// Identifier kinds are searched in the identifier index; anything else in the attributes.
    static let identifierFields: Set<String> = Presets.channelIdentifierKinds.union(["mobile", "email", "member_id"])

    /// Whether the condition is answered by the full-text search index.
    var usesSearchIndex: Bool {
        if case .contains(_, let text) = self { return text.count >= 3 }
        return false
    }

    /// The condition on `contacts` and its arguments. Subqueries take the tenant as an argument, not from the
    /// outer row, so that SQLite runs each once instead of once per contact.
    func sql(tenant: String) -> (String, [(any DatabaseValueConvertible)?]) {
        switch self {
        case .contains(let field, let text) where text.count >= 3:
            return ContactSearchIndex.containsCondition(tenant: tenant, field: field, text: text)
        case .equals(let field, let value) where Self.identifierFields.contains(field):
            return (
                "contact_id IN (SELECT contact_id FROM contact_identifiers WHERE tenant = ? AND kind = ? AND value = ?)",
                [tenant, field, value]
            )
        case .contains(let field, let text) where Self.identifierFields.contains(field):
            return (
                "contact_id IN (SELECT contact_id FROM contact_identifiers WHERE tenant = ? AND kind = ? AND value LIKE ? ESCAPE '\\')",
                [tenant, field, Self.likePattern(text)]
            )
        case .equals(let field, let value):
            return ("CAST(json_extract(attributes, ?) AS TEXT) = ?", ["$.\(field)", value])
        case .contains(let field, let text):
            return (
                "CAST(json_extract(attributes, ?) AS TEXT) LIKE ? ESCAPE '\\'", ["$.\(field)", Self.likePattern(text)]
            )
        case .tag(let tag):
            return (
                """
                (EXISTS (SELECT 1 FROM json_each(contacts.tags) WHERE json_each.value = ?)
                    OR EXISTS (SELECT 1 FROM json_each(contacts.hidden_tags) WHERE json_each.value = ?))
                """, [tag, tag]
            )
        }
    }

    private static func likePattern(_ text: String) -> String {
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
        return "%\(escaped)%"
    }
}
