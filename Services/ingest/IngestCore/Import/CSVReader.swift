import RosterRuntime

/// One CSV record as read: each field's raw bytes, and what is wrong with its quoting, if anything.
struct CSVRecord: Equatable {
    var fields: [[UInt8]]
    var problem: String?
}

/// A streaming RFC 4180 reader over bytes: quoted fields, `""` escapes, CR, LF and CRLF line ends, and line breaks
/// inside quotes. It splits bytes before decoding, which is sound for every ASCII-compatible encoding it is given
/// (UTF-8, GB18030, Big5: none uses the bytes of `,` `"` CR LF inside a character).
///
/// Hand-written rather than built on a general parser because it is the import's hot path: every byte of a file of
/// up to 100 MB passes through `next()` once, in chunks, and memory holds one record at a time.
struct CSVReader {
    /// The longest record accepted; longer ones mean a quote that is never closed.
    static var maxRecordBytes: Int { 1 << 20 }

    private enum State {
        case fieldStart, unquoted, quoted, quoteInQuoted
    }

    private static var comma: UInt8 { 0x2C }
    private static var quote: UInt8 { 0x22 }
    private static var carriageReturn: UInt8 { 0x0D }
    private static var lineFeed: UInt8 { 0x0A }

    private var source: any ByteChunks
    private var chunk: [UInt8] = []
    private var position = 0
    private var skipLineFeed = false
    private var recordsRead = 0

    init(_ source: any ByteChunks) {
        self.source = source
    }

    /// The next record, or nil at the end of the file. An empty line is a record of one empty field.
    mutating func next() throws -> CSVRecord? {
        var fields: [[UInt8]] = []
        var field: [UInt8] = []
        var state = State.fieldStart
        var problem: String?
        var started = false
        var size = 0
        while true {
            if position == chunk.count {
                guard let next = try source.next() else { break }
                chunk = next
                position = 0
                continue
            }
            let byte = chunk[position]
            position += 1
            if skipLineFeed {
                skipLineFeed = false
                if byte == Self.lineFeed { continue }
            }
            size += 1
            if size > Self.maxRecordBytes {
                throw RosterError(
                    code: "record_too_long",
                    message: "record \(recordsRead + 1) of the file is longer than 1 MiB: is a quote never closed?")
            }
            started = true
            switch state {
            case .fieldStart:
                switch byte {
                case Self.quote: state = .quoted
                case Self.comma: fields.append([])
                case Self.carriageReturn, Self.lineFeed: return finish(&fields, field, problem, endedBy: byte)
                default:
                    field.append(byte)
                    state = .unquoted
                }
            case .unquoted:
                switch byte {
                case Self.comma:
                    fields.append(field)
                    field = []
                    state = .fieldStart
                case Self.carriageReturn, Self.lineFeed: return finish(&fields, field, problem, endedBy: byte)
                default: field.append(byte)
                }
            case .quoted:
                if byte == Self.quote { state = .quoteInQuoted } else { field.append(byte) }
            case .quoteInQuoted:
                switch byte {
                case Self.quote:
                    field.append(byte)
                    state = .quoted
                case Self.comma:
                    fields.append(field)
                    field = []
                    state = .fieldStart
                case Self.carriageReturn, Self.lineFeed: return finish(&fields, field, problem, endedBy: byte)
                default:
                    problem = problem ?? "column \(fields.count + 1) has text after its closing quote"
                    field.append(byte)
                    state = .unquoted
                }
            }
        }
        guard started else { return nil }
        if state == .quoted {
            problem =
                problem ?? "column \(fields.count + 1) opens a quote that is not closed before the end of the file"
        }
        return finish(&fields, field, problem, endedBy: nil)
    }

    private mutating func finish(
        _ fields: inout [[UInt8]], _ field: [UInt8], _ problem: String?, endedBy byte: UInt8?
    ) -> CSVRecord {
        fields.append(field)
        skipLineFeed = byte == Self.carriageReturn
        recordsRead += 1
        return CSVRecord(fields: fields, problem: problem)
    }
}
