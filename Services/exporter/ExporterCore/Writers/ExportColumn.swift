import RosterModel

/// One column of an export file: the attribute it shows, its heading, and its type (numbers, dates and text are
/// written differently in XLSX).
struct ExportColumn: Sendable, Equatable {
    /// The attribute key (`member_points`).
    var key: String
    /// The heading: the attribute's label as the tenant's metadata names it.
    var label: String
    /// The attribute's type.
    var type: AttributeType
}
