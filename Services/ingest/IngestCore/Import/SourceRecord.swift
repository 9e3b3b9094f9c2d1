/// A cell as read from a file, before it is checked against its column.
struct SourceCell: Equatable, Sendable {
    /// How the file stored the cell.
    enum Kind: Equatable, Sendable {
        /// Text (every CSV cell; a spreadsheet's string cells).
        case text
        /// A spreadsheet number cell; `text` is the number as the file stores it (`886911223344`, `8.86911E+11`).
        case number
        /// A spreadsheet boolean cell; `text` is `true` or `false`.
        case boolean
        /// A spreadsheet error cell (`#N/A`).
        case error
    }

    /// The cell's text, as decoded (with U+FFFD where bytes did not decode).
    var text: String
    var kind: Kind = .text
    /// Why the cell's bytes do not decode in the file's encoding, when they do not.
    var undecodable: String?

    /// Whether the cell holds nothing but white space. ASCII bytes decide it without walking Characters, which
    /// cost more than the rest of the empty-row check.
    var isBlank: Bool {
        guard undecodable == nil else { return false }
        for byte in text.utf8 {
            guard byte < 0x80 else { return text.allSatisfy(\.isWhitespace) }
            guard byte == 0x20 || (0x09...0x0D).contains(byte) else { return false }
        }
        return true
    }
}

/// One record of a file: the header is row 0, data rows count from 1.
struct SourceRecord: Equatable, Sendable {
    var row: Int
    var cells: [SourceCell]
    /// What is wrong with the record as a whole (an unclosed quote), if anything.
    var problem: String?
}

/// A file read as records, one at a time, so that memory does not grow with the row count.
protocol RecordSource {
    /// Whether every row must have exactly as many cells as the header (CSV) rather than at most as many with
    /// values (a spreadsheet, whose empty cells are simply absent).
    var requiresExactWidth: Bool { get }
    /// Whether reading a record costs little beside checking it (a CSV's bytes, about an eighth), so that the reading
    /// thread also checks four rows in seven; a spreadsheet's XML costs more than the checks, so its thread only reads.
    var readsCheaply: Bool { get }

    /// Calls `body` with each record in order, the header first, until the end or until `body` returns false.
    mutating func forEach(_ body: (SourceRecord) throws -> Bool) throws
}
