import Foundation
import GRDB
import RosterModel
import RosterRuntime

/// The contacts of one export, read from the worker's projection of `cdp.profiles` (joined with the segment's
/// members for a segment export) in `contact_id` order, each as one cell per column.
struct ExportRows: Sendable {
    let tenant: String
    let scope: ExportScope
    let columns: [ExportColumn]
    private let scanner: SnapshotScanner
    private let matcher: Matcher?

    /// Rows of `columns` for the contacts `scope` selects; `normalizer` puts identifier values in a search in the
    /// form they are stored in.
    init(tenant: String, scope: ExportScope, columns: [ExportColumn], normalizer: IdentifierNormalizer) {
        self.tenant = tenant
        self.scope = scope
        self.columns = columns
        var keys = columns.map(\.key)
        switch scope {
        case .segment:
            matcher = nil
        case .category(let category):
            matcher = category == .all ? nil : Matcher(category: category, conditions: [], keys: &keys, normalizer)
        case .search(let conditions, let category):
            matcher = Matcher(category: category, conditions: conditions, keys: &keys, normalizer)
        }
        scanner = SnapshotScanner(keys: keys)
    }

    /// How many contacts the export holds.
    func count(_ db: Database) throws -> Int {
        switch scope {
        case .segment(let segment):
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM (\(Self.segmentSQL))", arguments: [tenant, segment])
                ?? 0
        case .category(.all):
            return try ProfileProjection.count(db, tenant: tenant)
        case .category, .search:
            var count = 0
            var decoder = RowDecoder(self)
            try forEachSnapshot(db) { snapshot in
                if try decoder.decode(snapshot) { count += 1 }
                return true
            }
            return count
        }
    }

    /// Calls `body` with the snapshot of each contact the scope may hold (a category or search still has to be
    /// matched by a `RowDecoder`), in order, until it returns `false`. The bytes are valid only during the call.
    func forEachSnapshot(_ db: Database, _ body: (UnsafeRawBufferPointer) throws -> Bool) throws {
        let cursor: RowCursor
        switch scope {
        case .segment(let segment):
            cursor = try Row.fetchCursor(db, sql: Self.segmentSQL, arguments: [tenant, segment])
        case .category, .search:
            cursor = try Row.fetchCursor(
                db, sql: "SELECT snapshot FROM projected_profiles WHERE tenant = ? ORDER BY contact_id",
                arguments: [tenant])
        }
        while let row = try cursor.next() {
            let more = try row.withUnsafeData(atIndex: 0) { data -> Bool in
                guard let data else { return true }
                return try data.withUnsafeBytes { try body($0) }
            }
            if !more { return }
        }
    }

    /// Turns snapshots into an export's cells, reusing its storage from row to row.
    struct RowDecoder {
        private let rows: ExportRows
        private var found: SnapshotScanner.Found
        private var text = CellText()
        /// The last decoded contact's cells, one per column; they point into its snapshot.
        private(set) var cells: [ExportCell]

        init(_ rows: ExportRows) {
            self.rows = rows
            found = SnapshotScanner.Found(width: rows.scanner.width)
            cells = Array(repeating: .empty, count: rows.columns.count)
        }

        /// Fills `cells` from a snapshot; `false` when the contact is not in the export's category or search.
        mutating func decode(_ snapshot: UnsafeRawBufferPointer) throws -> Bool {
            try rows.scanner.scan(snapshot, into: &found)
            if let matcher = rows.matcher, !matcher.matches(found, text: &text) { return false }
            for index in cells.indices { cells[index] = found.cell(index) }
            return true
        }
    }

    private static let segmentSQL = """
        SELECT p.snapshot FROM segment_members m
        JOIN projected_profiles p ON p.tenant = m.tenant AND p.contact_id = m.contact_id
        WHERE m.tenant = ? AND m.segment_id = ? AND m.member = 1
        ORDER BY m.contact_id
        """
}

/// Decides whether a scanned contact is in a category and meets every search condition.
private struct Matcher: Sendable {
    private enum Test {
        case equals(column: Int, values: [[UInt8]])
        case contains(column: Int, text: String)
        case tag([UInt8])
    }

    private let category: ExportCategory
    private let tests: [Test]

    /// Adds the columns the conditions read to `keys` (after the exported ones) and prepares the tests.
    init(
        category: ExportCategory, conditions: [SearchCondition], keys: inout [String],
        _ normalizer: IdentifierNormalizer
    ) {
        self.category = category
        func column(_ field: String) -> Int {
            if let index = keys.firstIndex(of: field) { return index }
            keys.append(field)
            return keys.count - 1
        }
        tests = conditions.map { condition in
            switch condition {
            case .equals(let field, let value):
                var values = [Array(value.utf8)]
                if case .success(let normalized) = normalizer.normalize(kind: field, value: value),
                    normalized != value
                {
                    values.append(Array(normalized.utf8))
                }
                return .equals(column: column(field), values: values)
            case .contains(let field, let text):
                return .contains(column: column(field), text: text.lowercased())
            case .tag(let tag):
                return .tag(Array(tag.utf8))
            }
        }
    }

    func matches(_ found: SnapshotScanner.Found, text: inout CellText) -> Bool {
        guard category.contains(realName: found.realName, wechatFan: found.wechatFan) else { return false }
        for test in tests {
            switch test {
            case .equals(let column, let values):
                let cell = found.cell(column)
                if cell.kind == .stringList {
                    var matched = false
                    CellText.forEachItem(of: cell.bytes) { item in
                        var decoded: [UInt8] = []
                        CellText.unescape(item, into: &decoded)
                        if values.contains(decoded) { matched = true }
                    }
                    guard matched else { return false }
                } else {
                    guard cell.kind != .empty,
                        text.withText(cell, { bytes in values.contains { $0.elementsEqual(bytes) } })
                    else { return false }
                }
            case .contains(let column, let needle):
                let cell = found.cell(column)
                guard cell.kind != .empty,
                    text.withText(cell, { String(decoding: $0, as: UTF8.self).lowercased().contains(needle) })
                else { return false }
            case .tag(let tag):
                guard found.tags.contains(where: { $0.elementsEqual(tag) }) else { return false }
            }
        }
        return true
    }
}
