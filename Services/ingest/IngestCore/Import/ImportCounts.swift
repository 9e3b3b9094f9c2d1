/// The preview's and the job's counts. `invalid` includes `duplicate`; `importable` is `total - invalid`.
public struct ImportCounts: Codable, Sendable, Equatable {
    /// Data rows scanned (the header excluded).
    public var total = 0
    /// Rows whose primary key an earlier importable row already had.
    public var duplicate = 0
    /// Rows not imported, duplicates included.
    public var invalid = 0
    /// Rows that become events.
    public var importable = 0

    /// Makes counts.
    public init(total: Int = 0, duplicate: Int = 0, invalid: Int = 0, importable: Int = 0) {
        self.total = total
        self.duplicate = duplicate
        self.invalid = invalid
        self.importable = importable
    }

    /// Counts one more row.
    mutating func add(_ status: RowVerdict.Status) {
        total += 1
        switch status {
        case .importable: importable += 1
        case .duplicate:
            duplicate += 1
            invalid += 1
        case .invalid: invalid += 1
        }
    }
}
