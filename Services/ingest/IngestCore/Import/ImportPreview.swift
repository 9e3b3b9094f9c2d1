import RosterModel
import RosterRuntime

/// A column as the preview shows it: its header, the key it maps to, and its role.
public struct PreviewColumn: Codable, Sendable, Equatable {
    /// The header cell as the file has it.
    public var header: String
    /// The attribute key or special column it maps to.
    public var key: String
    /// `primary_key`, `identifier`, `attribute`, `event_id`, `create_time`, `ignored` or `unnamed`.
    public var role: String

    init(_ column: ImportColumn) {
        header = column.header
        key = column.key
        role =
            switch column.role {
            case .identifier(_, true): "primary_key"
            case .identifier: "identifier"
            case .attribute: "attribute"
            case .eventID: "event_id"
            case .createTime: "create_time"
            case .ignored: "ignored"
            case .unnamed: "unnamed"
            }
    }
}

/// One of the first rows as parsed: its cells in file order, the values by key, and its verdict.
public struct PreviewRow: Codable, Sendable, Equatable {
    /// The data row's number (1 is the first row under the header).
    public var row: Int
    /// `importable`, `invalid` or `duplicate`.
    public var status: String
    /// The cells as the file has them, in column order.
    public var cells: [String]
    /// Why the row is not imported (empty when it is).
    public var reasons: [String]

    init(_ record: SourceRecord, verdict: RowVerdict) {
        row = record.row
        status = verdict.status.rawValue
        cells = record.cells.map(\.text)
        reasons = verdict.problems.map { detail in
            [detail.field, detail.value.map { "'\($0)'" }, detail.reason].compactMap { $0 }.filter { !$0.isEmpty }
                .joined(separator: " ")
        }
    }
}

/// What a preview keeps beside the counts: the columns, the first rows and warnings.
public struct PreviewParts: Codable, Sendable, Equatable {
    /// How many rows a preview shows.
    public static let rowLimit = 20

    /// The header's columns, mapped.
    public var columns: [PreviewColumn] = []
    /// The first rows as parsed.
    public var rows: [PreviewRow] = []
    /// What the caller should know before starting (ignored columns, a slow large file).
    public var warnings: [String] = []
}
