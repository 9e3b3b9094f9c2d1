/// One cell of an export row: the JSON text of a value inside a snapshot's bytes and what kind of JSON it is.
///
/// Cells point into the row's bytes (no copy, no decoding): the writers turn them into CSV or XML directly, which is
/// what keeps an export of a million contacts at flat memory and in seconds.
struct ExportCell {
    /// What the bytes hold.
    enum Kind: UInt8 {
        /// No value: an empty cell.
        case empty
        /// A JSON string's content, between its quotes (escapes left as written).
        case string
        /// A JSON number, as written.
        case number
        /// `true`.
        case `true`
        /// `false`.
        case `false`
        /// A JSON array of strings, between its brackets (several identifiers of one kind).
        case stringList
    }

    /// What the bytes hold.
    var kind: Kind
    /// The value's JSON text.
    var bytes: UnsafeRawBufferPointer
    /// Whether a string holds a backslash escape, so must be decoded before it is written.
    var escaped: Bool

    /// The empty cell.
    static var empty: ExportCell {
        ExportCell(kind: .empty, bytes: UnsafeRawBufferPointer(start: nil, count: 0), escaped: false)
    }
}
