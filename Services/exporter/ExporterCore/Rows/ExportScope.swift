import Foundation
import RosterModel
import RosterRuntime

/// Which contacts an export holds, parsed from a request's `scope` and `target`.
enum ExportScope: Sendable, Equatable {
    /// The current members of a segment.
    case segment(String)
    /// Every contact of a category.
    case category(ExportCategory)
    /// The contacts matching every condition, within a category.
    case search([SearchCondition], category: ExportCategory)

    /// The scopes a request may name.
    static let names = ["segment", "category", "search"]

    /// Parses a request's scope and target; the error names the field and value at fault.
    init(scope: String, target: String) throws {
        switch scope {
        case "segment":
            guard !target.isEmpty else {
                throw RosterError.invalid(
                    "a segment export needs the segment id as target",
                    details: [.init(field: "target", value: target, reason: "is empty")])
            }
            self = .segment(target)
        case "category":
            self = .category(try ExportCategory(field: "target", value: target))
        case "search":
            self = try Self.search(target)
        default:
            throw RosterError.invalid(
                "scope \(scope) is not segment, category or search",
                details: [.init(field: "scope", value: scope, reason: "is not segment, category or search")])
        }
    }

    /// A search target is a query string, as the resolver's search takes it: repeated `where=FIELD=VALUE`,
    /// `contains=FIELD=TEXT` and `tag=TAG`, and at most one `category=C`, percent-encoded
    /// (`where=city%3DShanghai&tag=vip`).
    private static func search(_ target: String) throws -> ExportScope {
        guard let items = URLComponents(string: "?" + target)?.queryItems, !items.isEmpty else {
            throw RosterError.invalid(
                "a search export needs conditions as target, like where=city%3DShanghai&tag=vip",
                details: [.init(field: "target", value: target, reason: "has no conditions")])
        }
        var conditions: [SearchCondition] = []
        var category = ExportCategory.all
        for item in items {
            let value = item.value ?? ""
            switch item.name {
            case "where", "contains":
                guard let equals = value.firstIndex(of: "="), equals != value.startIndex,
                    value[..<equals].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
                else {
                    throw RosterError.invalid(
                        "\(item.name) must be FIELD=VALUE, like city=Shanghai",
                        details: [.init(field: item.name, value: value, reason: "is not FIELD=VALUE")])
                }
                let field = String(value[..<equals])
                let text = String(value[value.index(after: equals)...])
                conditions.append(
                    item.name == "where" ? .equals(field: field, value: text) : .contains(field: field, text: text))
            case "tag":
                guard !value.isEmpty else {
                    throw RosterError.invalid(
                        "tag must not be empty", details: [.init(field: "tag", value: value, reason: "is empty")])
                }
                conditions.append(.tag(value))
            case "category":
                category = try ExportCategory(field: "category", value: value)
            default:
                throw RosterError.invalid(
                    "search condition \(item.name) is not where, contains, tag or category",
                    details: [.init(field: item.name, value: value, reason: "is not a search condition")])
            }
        }
        guard !conditions.isEmpty || category != .all else {
            throw RosterError.invalid(
                "a search export needs at least one where, contains or tag condition",
                details: [.init(field: "target", value: target, reason: "has no conditions")])
        }
        return .search(conditions, category: category)
    }
}

/// The contact categories of the product, as the resolver names them.
enum ExportCategory: String, Sendable, CaseIterable {
    case all
    case realName = "real_name"
    case anonymous
    case wechatFans = "wechat_fans"

    /// Parses a category; the error names `field`.
    init(field: String, value: String) throws {
        guard let category = ExportCategory(rawValue: value) else {
            let names = Self.allCases.map(\.rawValue).joined(separator: ", ")
            throw RosterError.invalid(
                "\(field) \(value) is not a category: \(names)",
                details: [.init(field: field, value: value, reason: "is not one of \(names)")])
        }
        self = category
    }

    /// Whether a contact with these flags belongs to the category.
    @inline(__always)
    func contains(realName: Bool, wechatFan: Bool) -> Bool {
        switch self {
        case .all: true
        case .realName: realName
        case .anonymous: !realName
        case .wechatFans: wechatFan
        }
    }
}

/// One search condition on a contact's attributes, identifiers or tags.
enum SearchCondition: Sendable, Equatable {
    /// The field's value (an attribute, else any identifier of that kind) equals the value.
    case equals(field: String, value: String)
    /// The field's value contains the text, ignoring case.
    case contains(field: String, text: String)
    /// The contact has the tag.
    case tag(String)

    /// The field the condition reads, if any.
    var field: String? {
        switch self {
        case .equals(let field, _), .contains(let field, _): field
        case .tag: nil
        }
    }
}
