import Foundation
import RosterModel
import RosterRuntime

/// Checks one data row against the mapped columns, on its own: everything but duplicates, which `RowEvaluator`
/// finds in file order. Holding no state, it checks rows on whichever thread has time (see `RecordPipeline`).
///
/// A row is invalid when it is empty, has more or fewer cells than the header (CSV), has a cell that does not
/// decode or does not fit its column, has no primary-key value other than blocked placeholders (`test@test.com`),
/// or (unsubscribe files) lacks `event_id` or `create_time`.
struct RowChecker: Sendable {
    let mapping: ColumnMapping
    let purpose: ImportPurpose
    let requiresExactWidth: Bool
    let normalizer: IdentifierNormalizer
    let blockedValues: BlockedIdentifierValues
    /// Whether verdicts carry the identifier and attribute values (an import publishes them; a preview only checks
    /// them, and storing ten values a row in a dictionary took a tenth of its time).
    let keepsAttributes: Bool
    /// The headers of the primary-key columns, found once rather than on every row.
    private let keyColumns: [String]

    init(
        mapping: ColumnMapping, purpose: ImportPurpose, requiresExactWidth: Bool,
        normalizer: IdentifierNormalizer = IdentifierNormalizer(),
        blockedValues: BlockedIdentifierValues = BlockedIdentifierValues(), keepsAttributes: Bool = true
    ) {
        self.mapping = mapping
        self.purpose = purpose
        self.requiresExactWidth = requiresExactWidth
        self.normalizer = normalizer
        self.blockedValues = blockedValues
        self.keepsAttributes = keepsAttributes
        self.keyColumns = mapping.columns.compactMap {
            if case .identifier(_, true) = $0.role { $0.header } else { nil }
        }
    }

    /// The row's verdict before duplicates are looked for (`invalid`, or `importable` pending that), with the
    /// primary keys that make a later row its duplicate.
    func check(_ record: SourceRecord) -> CheckedRow {
        let row = record.row
        var verdict = RowVerdict(row: row, status: .invalid, problems: [], content: RowContent())
        if let problem = record.problem {
            verdict.problems.append(.init(row: row, reason: problem))
            return CheckedRow(verdict: verdict)
        }
        if record.cells.allSatisfy(\.isBlank) {
            verdict.problems.append(.init(row: row, reason: "is an empty row"))
            return CheckedRow(verdict: verdict)
        }
        if requiresExactWidth && record.cells.count != mapping.width {
            let columns = record.cells.count == 1 ? "1 column" : "\(record.cells.count) columns"
            verdict.problems.append(.init(row: row, reason: "has \(columns); the header has \(mapping.width)"))
            return CheckedRow(verdict: verdict)
        }
        if keepsAttributes { verdict.content.attributes.reserveCapacity(mapping.width) }
        var primaryKeys: [CheckedRow.Key] = []
        var blockedKeys: [CheckedRow.Key] = []
        for (index, cell) in record.cells.enumerated() {
            guard index < mapping.width else {
                if !cell.isBlank {
                    verdict.problems.append(
                        .init(
                            row: row, field: "column \(index + 1)", value: cell.text,
                            reason: "is beyond the header's \(mapping.width) columns"))
                }
                continue
            }
            let column = mapping.columns[index]
            if let reason = cell.undecodable {
                verdict.problems.append(.init(row: row, field: column.header, value: cell.text, reason: reason))
                continue
            }
            let text = cell.text.trimmedOfWhitespace
            guard !text.isEmpty else { continue }
            if cell.kind == .error {
                verdict.problems.append(
                    .init(row: row, field: column.header, value: text, reason: "is a spreadsheet error value"))
                continue
            }
            if let problem = read(
                text, kind: cell.kind, column: column, into: &verdict.content, keys: &primaryKeys,
                blocked: &blockedKeys)
            {
                verdict.problems.append(.init(row: row, field: column.header, value: text, reason: problem))
            }
        }
        if primaryKeys.isEmpty, verdict.problems.isEmpty, let blocked = blockedKeys.first {
            verdict.problems.append(
                .init(
                    row: row, field: blocked.kind, value: blocked.raw,
                    reason:
                        "is a blocked placeholder value that never identifies a contact, and the row has no other primary key"
                ))
            return CheckedRow(verdict: verdict)
        }
        verdict.problems += missingValues(
            row: row, content: verdict.content, hasPrimaryKey: !primaryKeys.isEmpty, problems: verdict.problems)
        guard verdict.problems.isEmpty else { return CheckedRow(verdict: verdict) }
        verdict.status = .importable
        return CheckedRow(verdict: verdict, keys: primaryKeys)
    }

    /// Reads one non-empty cell into the row's content; returns the problem, if any.
    private func read(
        _ text: String, kind: SourceCell.Kind, column: ImportColumn, into content: inout RowContent,
        keys: inout [CheckedRow.Key], blocked: inout [CheckedRow.Key]
    ) -> String? {
        switch column.role {
        case .identifier(let identifierKind, let isPrimary):
            switch normalizer.normalize(kind: identifierKind, value: text) {
            case .success(let normalized):
                if keepsAttributes { content.identifiers[identifierKind] = text }
                if blockedValues.isBlocked(kind: identifierKind, value: normalized) {
                    if isPrimary { blocked.append(.init(kind: identifierKind, value: normalized, raw: text)) }
                } else if isPrimary {
                    keys.append(.init(kind: identifierKind, value: normalized, raw: text))
                }
                return nil
            case .failure(let invalid):
                return invalid.reason
            }
        case .attribute(let definition):
            switch CellValueParser.parse(text, kind: kind, type: definition.type, options: definition.options) {
            case .success(let value):
                if keepsAttributes { content.attributes[definition.key] = value }
                return nil
            case .failure(let mismatch):
                return mismatch.reason
            }
        case .eventID:
            content.eventID = text
            return nil
        case .createTime:
            guard let time = CellValueParser.time(text) else {
                return "must be a time (RFC 3339, or YYYY-MM-DD HH:MM:SS in UTC)"
            }
            content.occurredAt = time
            return nil
        case .ignored:
            return nil
        case .unnamed:
            return "is in column \(column.index + 1), which has no header"
        }
    }

    /// The row's missing required values, unless a problem already names that column.
    private func missingValues(
        row: Int, content: RowContent, hasPrimaryKey: Bool, problems: [RosterError.Detail]
    ) -> [RosterError.Detail] {
        let named = Set(problems.compactMap(\.field))
        var missing: [RosterError.Detail] = []
        if !hasPrimaryKey && named.isDisjoint(with: keyColumns) {
            let empty = keyColumns.count == 1 ? "is empty" : "are all empty"
            missing.append(
                .init(row: row, reason: "has no primary key: \(keyColumns.joined(separator: ", ")) \(empty)"))
        }
        guard purpose.needsEventColumns else { return missing }
        for (field, value) in [
            (ColumnMapping.eventIDColumn, content.eventID), (ColumnMapping.createTimeColumn, content.occurredAt),
        ] where value == nil && !named.contains(field) {
            missing.append(.init(row: row, field: field, reason: "is required"))
        }
        return missing
    }
}

/// A row as checked: its verdict so far and, for a row that may be imported, its primary keys.
struct CheckedRow: Sendable {
    /// A primary-key value: normalized as the resolver matches it, and as the file has it (trimmed).
    struct Key: Sendable {
        var kind: String
        var value: String
        var raw: String
    }

    var verdict: RowVerdict
    var keys: [Key] = []
}
