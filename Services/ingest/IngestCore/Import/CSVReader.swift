import RosterRuntime

/// One CSV record as read: its fields' raw bytes back to back, where each field ends, and what is wrong with its
/// quoting, if anything. A reader fills the same record again and again, so reading allocates nothing per record.
struct CSVRecord: Equatable {
    /// The fields' bytes, unquoted and unescaped, one after another.
    var bytes: [UInt8] = []
    /// The end offset of each field in `bytes`; field `i` starts where field `i - 1` ends.
    var ends: [Int] = []
    var problem: String?

    /// Calls `body` with each field's bytes in order.
    func forEachField(_ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        bytes.withUnsafeBufferPointer { buffer in
            var start = 0
            for end in ends {
                body(UnsafeBufferPointer(rebasing: buffer[start..<end]))
                start = end
            }
        }
    }
}

/// A streaming RFC 4180 reader over bytes: quoted fields, `""` escapes, CR, LF and CRLF line ends, and line breaks
/// inside quotes; fields are separated by commas, or by the semicolons or tabs that spreadsheets in some locales
/// write (`CSVDelimiter`). It splits bytes before decoding, which is sound for every ASCII-compatible encoding it
/// is given (UTF-8, GB18030, Big5: none uses the bytes of `,` `;` tab `"` CR LF inside a character).
///
/// Hand-written rather than built on a general parser because it is the import's hot path: every byte of a file of
/// up to 100 MB passes through it once, in chunks, and memory holds one record at a time. It copies runs of bytes
/// between delimiters at once into one reused record, where it used to append byte by byte to a new array per
/// field.
struct CSVReader {
    /// The longest record accepted; longer ones mean a quote that is never closed.
    static var maxRecordBytes: Int { 1 << 20 }

    private enum State {
        case fieldStart, unquoted, quoted, quoteInQuoted
    }

    private static var quote: UInt8 { 0x22 }
    private static var carriageReturn: UInt8 { 0x0D }
    private static var lineFeed: UInt8 { 0x0A }

    /// The byte between fields.
    private let delimiter: UInt8
    private var source: any ByteChunks
    private var chunk: [UInt8] = []
    private var position = 0
    private var skipLineFeed = false
    private var recordsRead = 0

    init(_ source: any ByteChunks, delimiter: UInt8 = CSVDelimiter.comma) {
        self.source = source
        self.delimiter = delimiter
    }

    /// Reads the next record into `record`; false at the end of the file. An empty line is a record of one empty
    /// field.
    mutating func next(into record: inout CSVRecord) throws -> Bool {
        record.bytes.removeAll(keepingCapacity: true)
        record.ends.removeAll(keepingCapacity: true)
        record.problem = nil
        var state = State.fieldStart
        var size = 0
        while true {
            if position == chunk.count {
                guard let next = try source.next() else { break }
                chunk = next
                position = 0
                continue
            }
            if skipLineFeed {
                skipLineFeed = false
                if chunk[position] == Self.lineFeed {
                    position += 1
                    continue
                }
            }
            let start = position
            let current = chunk
            let ended = current.withUnsafeBufferPointer { scan($0, from: start, state: &state, into: &record) }
            size += position - start
            if size > Self.maxRecordBytes {
                throw RosterError(
                    code: "record_too_long",
                    message: "record \(recordsRead + 1) of the file is longer than 1 MiB: is a quote never closed?")
            }
            if ended {
                recordsRead += 1
                return true
            }
        }
        guard size > 0 else { return false }
        if state == .quoted {
            record.problem =
                record.problem
                ?? "column \(record.ends.count + 1) opens a quote that is not closed before the end of the file"
        }
        record.ends.append(record.bytes.count)
        recordsRead += 1
        return true
    }

    /// Reads `buffer` from `start` until the record ends (true) or the buffer does (false), leaving `position`
    /// after the last byte read.
    private mutating func scan(
        _ buffer: UnsafeBufferPointer<UInt8>, from start: Int, state: inout State, into record: inout CSVRecord
    ) -> Bool {
        var index = start
        defer { position = index }
        while index < buffer.count {
            let byte = buffer[index]
            switch state {
            case .fieldStart where byte == Self.quote:
                state = .quoted
                index += 1
            case .fieldStart, .unquoted:
                var stop = index
                while stop < buffer.count, !endsUnquoted(buffer[stop]) { stop += 1 }
                record.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[index..<stop]))
                state = .unquoted
                index = stop
                guard stop < buffer.count else { return false }
                index += 1
                record.ends.append(record.bytes.count)
                state = .fieldStart
                if buffer[stop] != delimiter {
                    skipLineFeed = buffer[stop] == Self.carriageReturn
                    return true
                }
            case .quoted:
                var stop = index
                while stop < buffer.count, buffer[stop] != Self.quote { stop += 1 }
                record.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[index..<stop]))
                index = stop
                if stop < buffer.count {
                    index += 1
                    state = .quoteInQuoted
                }
            case .quoteInQuoted:
                index += 1
                switch byte {
                case Self.quote:
                    record.bytes.append(byte)
                    state = .quoted
                case delimiter:
                    record.ends.append(record.bytes.count)
                    state = .fieldStart
                case Self.carriageReturn, Self.lineFeed:
                    record.ends.append(record.bytes.count)
                    skipLineFeed = byte == Self.carriageReturn
                    return true
                default:
                    record.problem =
                        record.problem ?? "column \(record.ends.count + 1) has text after its closing quote"
                    record.bytes.append(byte)
                    state = .unquoted
                }
            }
        }
        return false
    }

    /// Whether `byte` ends an unquoted field: the delimiter or a line end.
    private func endsUnquoted(_ byte: UInt8) -> Bool {
        byte == delimiter || byte == Self.lineFeed || byte == Self.carriageReturn
    }
}
