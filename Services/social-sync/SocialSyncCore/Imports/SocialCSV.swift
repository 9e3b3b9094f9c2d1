import RosterModel
import RosterRuntime

/// A social import file read whole, in its encoding: the one the caller names, or else the one `EncodingDetector`
/// finds (a byte-order mark, UTF-16's NUL bytes, UTF-8, otherwise GB18030 or Big5), split into rows of cells by
/// RFC 4180 (quoted fields, `""` escapes, CR, LF or CRLF line ends, line breaks inside quotes; commas between fields,
/// or the semicolons or tabs of a header without a comma, as `CSVDelimiter` finds them). A cell whose bytes do
/// not decode in that encoding is marked, so that its row is invalid with the reason: nothing is imported as mojibake.
///
/// Hand-written over bytes because validation of a 200,000-row file must take well under two seconds. GB18030 and
/// Big5 keep CSV's delimiters single bytes that never occur inside a character, so those files are split before they
/// are decoded, a cell at a time (ASCII cells need no conversion); UTF-16 is converted to UTF-8 first.
struct SocialCSV {
    /// Each record's cells; `rows[0]` is the header, `rows[i]` is row `i + 1` of the file.
    var rows: [[String]] = []
    /// The columns whose cell does not decode, by index in `rows` (their text there has U+FFFD where bytes failed).
    var undecodable: [Int: [Int]] = [:]
    /// The encoding the file was read in.
    let encoding: TextEncoding

    /// Parses a file's bytes in `encoding`, or in the one detected when it is nil; throws when it cannot be read.
    init(bytes input: [UInt8], encoding override: TextEncoding? = nil) throws {
        let choice = EncodingDetector.choose(
            Array(input.prefix(EncodingDetector.sampleSize)), isWholeFile: input.count <= EncodingDetector.sampleSize,
            override: override)
        let encoding = choice.encoding
        let bom = choice.bomLength
        self.encoding = encoding
        if encoding.isASCIICompatible {
            try split(input[bom...], try CellText(encoding: encoding, bytes: input[bom...]))
        } else {
            // An undecodable code unit becomes 0xFF, never valid UTF-8, so that its cell is marked below.
            let converted = try Iconv.toUTF8(from: encoding).lenient(
                input[bom...], replacement: [0xFF], skip: 2, isFinal: true)
            try split(converted.output[...], try CellText(encoding: .utf8, bytes: converted.output[...]))
        }
    }

    /// Why a marked cell is invalid.
    var undecodableReason: String {
        "does not decode as \(encoding.displayName): name the file's encoding "
            + "(\(TextEncoding.allCases.map(\.rawValue).joined(separator: ", "))) or save it as CSV UTF-8, "
            + "and upload it again"
    }

    /// The file as UTF-8 (what an import job reads back): the bytes themselves when they are UTF-8.
    static func utf8(_ input: [UInt8], encoding: TextEncoding) throws -> [UInt8] {
        guard encoding != .utf8 else { return input }
        let bom = EncodingDetector.choose(input, isWholeFile: true, override: encoding).bomLength
        guard let output = try Iconv.toUTF8(from: encoding).strict(input[bom...]) else {
            throw RosterError.invalid(
                "the file does not decode as \(encoding.displayName)",
                details: [.init(field: "file", reason: "must be text in one encoding")])
        }
        return output
    }

    private mutating func split(_ bytes: ArraySlice<UInt8>, _ cells: CellText) throws {
        let delimiter = CSVDelimiter.sniff(bytes)
        var row: [String] = []
        var bad: [Int] = []
        var field: [UInt8] = []
        var quoted = false
        var index = bytes.startIndex
        func endField() {
            if let text = cells.text(field) {
                row.append(text)
            } else {
                bad.append(row.count)
                row.append(cells.lossy(field))
            }
            field.removeAll(keepingCapacity: true)
        }
        func endRow() {
            if !bad.isEmpty {
                undecodable[rows.count] = bad
                bad = []
            }
            rows.append(row)
            row = []
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
            case delimiter: endField()
            case 0x0D, 0x0A:
                if byte == 0x0D, index < bytes.endIndex, bytes[index] == 0x0A { index += 1 }
                endField()
                endRow()
            default: field.append(byte)
            }
        }
        if quoted { throw RosterError.invalid("the file ends inside a quoted field: a quote is never closed") }
        if !field.isEmpty || !row.isEmpty {
            endField()
            endRow()
        }
    }
}

/// A cell's bytes as text: UTF-8 (the file's own, or UTF-16 already converted) checked once for the whole file and
/// cell by cell only when the whole is not valid, GB18030 and Big5 converted by iconv unless the cell is ASCII.
///
/// Checking each cell with `String(validating:)` took three times as long as the rest of validating a 200,000-row
/// UTF-8 file (its generic path per call); one check of the whole file and `String(decoding:)` per cell does not show.
private struct CellText {
    private let converter: Iconv?
    private let wholeIsUTF8: Bool

    /// The decoder of cells of `bytes`, in `encoding`.
    init(encoding: TextEncoding, bytes: ArraySlice<UInt8>) throws {
        converter = encoding == .gb18030 || encoding == .big5 ? try Iconv.toUTF8(from: encoding) : nil
        wholeIsUTF8 = converter == nil && String(validating: bytes, as: UTF8.self) != nil
    }

    /// The text, or nil when the bytes do not decode.
    func text(_ bytes: [UInt8]) -> String? {
        if wholeIsUTF8 || !bytes.contains(where: { $0 >= 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        guard let converter else { return String(validating: bytes, as: UTF8.self) }
        return converter.strict(bytes[...]).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The text with U+FFFD for each sequence that does not decode, for messages.
    func lossy(_ bytes: [UInt8]) -> String {
        guard let converter else { return String(decoding: bytes, as: UTF8.self) }
        let outcome = converter.lenient(bytes[...], replacement: [0xEF, 0xBF, 0xBD], skip: 1, isFinal: true)
        return String(decoding: outcome.output, as: UTF8.self)
    }
}
