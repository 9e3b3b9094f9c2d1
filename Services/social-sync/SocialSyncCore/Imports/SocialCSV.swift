import RosterModel
import RosterRuntime

/// A social import file read whole: UTF-8 (a byte-order mark is skipped), split into rows of cells by RFC 4180
/// (quoted fields, `""` escapes, CR, LF or CRLF line ends, line breaks inside quotes). Any other encoding is
/// rejected, naming the encoding found when there is a byte-order mark, so that nothing is imported as mojibake.
///
/// Hand-written over bytes because validation of a 200,000-row file must take well under two seconds.
struct SocialCSV {
    /// Each record's cells; `rows[0]` is the header, `rows[i]` is row `i + 1` of the file.
    var rows: [[String]]

    /// Parses a file's bytes, or throws why it cannot be read.
    init(bytes input: [UInt8]) throws {
        var bytes = input[...]
        if input.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = input.dropFirst(3) }
        if input.starts(with: [0xFF, 0xFE]) || input.starts(with: [0xFE, 0xFF]) {
            throw Self.encodingError("is UTF-16")
        }
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw Self.encodingError("is not UTF-8 (it looks like GB18030, Big5 or another legacy encoding)")
        }
        rows = []
        var row: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var index = bytes.startIndex
        func endField() {
            row.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }
        while index < bytes.endIndex {
            let byte = bytes[index]
            index += 1
            if quoted {
                if byte == 0x22 {
                    if index < bytes.endIndex, bytes[index] == 0x22 {
                        field.append(0x22)
                        index += 1
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case 0x22 where field.isEmpty: quoted = true
            case 0x2C: endField()
            case 0x0D, 0x0A:
                if byte == 0x0D, index < bytes.endIndex, bytes[index] == 0x0A { index += 1 }
                endField()
                rows.append(row)
                row = []
            default: field.append(byte)
            }
        }
        if quoted { throw RosterError.invalid("the file ends inside a quoted field: a quote is never closed") }
        if !field.isEmpty || !row.isEmpty {
            endField()
            rows.append(row)
        }
    }

    private static func encodingError(_ what: String) -> RosterError {
        RosterError(
            code: "unsupported_encoding",
            message: "the file \(what); save it as \"CSV UTF-8\" and upload it again",
            details: [.init(field: "file", reason: "must be UTF-8 text")])
    }
}
