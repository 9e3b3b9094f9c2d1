/// One problem in a request, a file or a message, as every error answer carries it: which row, field and value,
/// and why. Shared by the workers, which write it, and the CLI, which reads it.
public struct ErrorDetail: Codable, Sendable, Equatable {
    /// The row (for a file, its 1-based line number) at fault.
    public var row: Int?
    /// The field at fault.
    public var field: String?
    /// The value at fault.
    public var value: String?
    /// Why it is wrong.
    public var reason: String
    /// For a file whose columns are named by its header: the column at fault, as the header names it (also `field`).
    public var column: String?

    /// Makes a detail; only `reason` is required.
    public init(row: Int? = nil, field: String? = nil, value: String? = nil, reason: String) {
        self.row = row
        self.field = field
        self.value = value
        self.reason = reason
    }

    /// The detail of a problem in a file's row: its field is the column the header names, said as `column` too.
    public var namingItsColumn: ErrorDetail {
        var detail = self
        if row != nil { detail.column = field }
        return detail
    }
}
