import Foundation
import RosterModel

/// What `roster contacts search` and `roster contacts list` ask the resolver for, as query items: repeated `where`,
/// `contains` and `tag`, then `category`, `columns`, `page` and `page_size`.
public struct ContactSearchQuery: Sendable, Equatable {
    /// Exact conditions, `--where FIELD=VALUE`.
    public var conditions: [FieldAssignment]
    /// Fuzzy conditions, `--contains FIELD=TEXT`.
    public var contains: [FieldAssignment]
    /// Tags the contacts must have.
    public var tags: [String]
    /// The category, when given.
    public var category: ContactCategory?
    /// The attribute columns to answer with; empty means all.
    public var columns: [String]
    /// The page asked for.
    public var paging: Paging

    /// Parses the command's arguments; a usage error names the option and the value at fault.
    public init(
        conditions: [String] = [], contains: [String] = [], tags: [String] = [], category: ContactCategory? = nil,
        columns: String? = nil, paging: Paging = Paging()
    ) throws {
        self.conditions = try conditions.map {
            try FieldAssignment.parse($0, option: "--where", example: "email=ann@example.com", allowsEmptyValue: true)
        }
        self.contains = try contains.map {
            try FieldAssignment.parse($0, option: "--contains", shape: "FIELD=TEXT", example: "name=ann")
        }
        if let empty = tags.firstIndex(where: { $0.isEmpty }) {
            throw RosterCLIError.usage(
                "--tag must not be empty", details: [.init(row: empty + 1, field: "--tag", reason: "is empty")])
        }
        self.tags = tags
        self.category = category
        self.columns = try columns.map(Self.columns(from:)) ?? []
        self.paging = paging
    }

    /// Splits `--columns a,b` into attribute keys; spaces around a name are dropped, and each name must be letters,
    /// digits and `_`.
    public static func columns(from text: String) throws -> [String] {
        let names = text.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        if let bad = names.first(where: { !FieldAssignment.isFieldName($0) }) {
            let reason = bad.isEmpty ? "has an empty column name" : "names \"\(bad)\", which is not an attribute key"
            throw RosterCLIError.usage(
                "--columns must be attribute keys separated by commas, like name,member_points: \(reason)",
                details: [.init(field: "--columns", value: text, reason: reason)])
        }
        return names
    }

    /// The query items, in order; the endpoint percent-encodes them.
    public var queryItems: [(name: String, value: String)] {
        var items: [(name: String, value: String)] = []
        items += conditions.map { ("where", $0.text) }
        items += contains.map { ("contains", $0.text) }
        items += tags.map { ("tag", $0) }
        if let category { items.append(("category", category.rawValue)) }
        if !columns.isEmpty { items.append(("columns", columns.joined(separator: ","))) }
        return items + paging.queryItems
    }
}
