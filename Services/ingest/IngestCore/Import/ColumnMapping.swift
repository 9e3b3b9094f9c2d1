import Foundation
import RosterModel
import RosterRuntime

/// What one column of an import file holds.
enum ColumnRole: Equatable, Sendable {
    /// An identifier: a primary key (`mobile`, `email`, a tenant's key) or a channel identifier.
    case identifier(kind: String, primaryKey: Bool)
    /// Any other attribute, typed by its definition.
    case attribute(AttributeDefinition)
    /// An unsubscribe row's `event_id`.
    case eventID
    /// An unsubscribe row's `create_time`.
    case createTime
    /// A defined attribute that this purpose does not use (a `name` column in a delete file); listed in the
    /// preview so that nothing is left out silently.
    case ignored
    /// A column whose header cell is empty; a value under it makes the row invalid.
    case unnamed
}

/// One column: where it is, what its header says, and the key it maps to.
struct ImportColumn: Equatable, Sendable {
    var index: Int
    var header: String
    /// The attribute key or special column (`event_id`), or empty for an unnamed column.
    var key: String
    var role: ColumnRole
}

/// The columns of a file mapped to the tenant's attributes by key or label (`mobile` or `手机号`). A label also
/// matches in traditional characters and in any letter case (`手機號` for `手机号`, `shoe size` for `Shoe size`), as a
/// file from Taiwan or Hong Kong writes it.
struct ColumnMapping: Sendable {
    /// The special columns of unsubscribe files.
    static let eventIDColumn = "event_id"
    static let createTimeColumn = "create_time"

    var columns: [ImportColumn]

    /// How many columns the header has.
    var width: Int { columns.count }

    /// A label in simplified characters and lower case, for matching a header written otherwise.
    static func folded(_ label: String) -> String {
        let lowered = label.lowercased()
        return lowered.applyingTransform(StringTransform("Hant-Hans"), reverse: false) ?? lowered
    }

    /// Maps a header row. Throws `invalid_columns` naming every unknown or repeated column, a file without any
    /// primary-key column, and an unsubscribe file without `event_id` or `create_time`.
    static func map(header: [SourceCell], purpose: ImportPurpose, catalog: ImportCatalog) throws -> ColumnMapping {
        let byLabel = Dictionary(
            catalog.attributes.values.map { ($0.label, $0) }, uniquingKeysWith: { first, _ in first })
        let byFoldedLabel = Dictionary(
            catalog.attributes.values.map { (Self.folded($0.label), $0) }, uniquingKeysWith: { first, _ in first })
        let primaryKeys = catalog.primaryKeys
        var columns: [ImportColumn] = []
        var problems: [RosterError.Detail] = []
        var seen: [String: String] = [:]
        for (index, cell) in header.enumerated() {
            let text = cell.text.trimmedOfWhitespace
            if let reason = cell.undecodable {
                problems.append(.init(row: 0, field: "column \(index + 1)", value: cell.text, reason: reason))
                continue
            }
            guard !text.isEmpty else {
                columns.append(ImportColumn(index: index, header: "", key: "", role: .unnamed))
                continue
            }
            let lowered = text.lowercased()
            let key: String
            let role: ColumnRole
            if purpose.needsEventColumns && [eventIDColumn, createTimeColumn].contains(lowered) {
                key = lowered
                role = lowered == eventIDColumn ? .eventID : .createTime
            } else if let definition = catalog.attributes[lowered] ?? byLabel[text]
                ?? byFoldedLabel[Self.folded(text)]
            {
                key = definition.key
                role = Self.role(of: definition.key, definition: definition, purpose: purpose, primaryKeys: primaryKeys)
            } else if Presets.channelIdentifierKinds.contains(lowered) {
                key = lowered
                role = .identifier(kind: lowered, primaryKey: false)
            } else {
                problems.append(
                    .init(
                        row: 0, field: text, value: text,
                        reason: "column \(index + 1) is not an attribute key or label of this tenant"))
                continue
            }
            if let earlier = seen[key] {
                problems.append(
                    .init(
                        row: 0, field: text, value: text,
                        reason: "column \(index + 1) maps to \(key), as column \(earlier) already does"))
                continue
            }
            seen[key] = "\(index + 1) (\(text))"
            columns.append(ImportColumn(index: index, header: text, key: key, role: role))
        }
        problems += missingColumns(columns, purpose: purpose, primaryKeys: primaryKeys, hasProblems: !problems.isEmpty)
        guard problems.isEmpty else {
            throw RosterError(
                code: "invalid_columns",
                message: problems.map { "\($0.field ?? ""): \($0.reason)" }.joined(separator: "; "), details: problems)
        }
        return ColumnMapping(columns: columns)
    }

    private static func role(
        of key: String, definition: AttributeDefinition, purpose: ImportPurpose, primaryKeys: Set<String>
    ) -> ColumnRole {
        if primaryKeys.contains(key) { return .identifier(kind: key, primaryKey: true) }
        if Presets.channelIdentifierKinds.contains(key) { return .identifier(kind: key, primaryKey: false) }
        return purpose.writesAttributes ? .attribute(definition) : .ignored
    }

    private static func missingColumns(
        _ columns: [ImportColumn], purpose: ImportPurpose, primaryKeys: Set<String>, hasProblems: Bool
    ) -> [RosterError.Detail] {
        var problems: [RosterError.Detail] = []
        let hasPrimaryKey = columns.contains { if case .identifier(_, true) = $0.role { true } else { false } }
        if !hasPrimaryKey && !hasProblems {
            problems.append(
                .init(
                    row: 0,
                    reason:
                        "the file has no primary-key column; add one of \(primaryKeys.sorted().joined(separator: ", "))"
                ))
        }
        if purpose.needsEventColumns {
            for (name, role) in [(eventIDColumn, ColumnRole.eventID), (createTimeColumn, .createTime)]
            where !columns.contains(where: { $0.role == role }) {
                problems.append(
                    .init(
                        row: 0, field: name,
                        reason: "an unsubscribe file needs the column \(name), with a value on every row"))
            }
        }
        return problems
    }
}
