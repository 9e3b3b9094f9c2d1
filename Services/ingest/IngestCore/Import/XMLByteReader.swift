/// Reads a spreadsheet part's XML as a stream of start tags, end tags and text, straight from bytes.
///
/// Hand-written because it is the XLSX import's hot path: Foundation's `XMLParser` (libxml2 behind a bridged
/// delegate that makes strings and dictionaries for every element) read about 13,000 rows a second; this reads
/// several times more. It knows what spreadsheet parts use: elements, attributes, the five predefined entities,
/// character references, CDATA, comments and processing instructions. A `DOCTYPE` is refused, so entity
/// declarations (and with them entity-expansion bombs) never reach it, and no tag or text run may exceed
/// `maximumToken` bytes, so memory stays bounded whatever the file holds.
struct XMLByteReader<Source: ByteChunks> {
    /// One thing the document holds, in order. Names are local (`x:row` → `row`).
    enum Event: Equatable {
        case start(name: String, attributes: XMLAttributes, selfClosing: Bool)
        case end(name: String)
        case text([UInt8])
    }

    /// The largest tag or run of text accepted: an Excel cell holds at most 32,767 characters.
    static var maximumToken: Int { 1 << 20 }

    private var source: Source
    private var buffer: [UInt8] = []
    private var position = 0
    private var exhausted = false

    init(source: Source) {
        self.source = source
    }

    /// The next event, or nil at the end. Text is decoded (entities and character references) only when `wantText`;
    /// otherwise it is skipped and no text event is returned.
    mutating func next(wantText: Bool) throws -> Event? {
        while true {
            guard try available(1) else { return nil }
            if buffer[position] != UInt8(ascii: "<") {
                let end = try find(UInt8(ascii: "<"), allowEnd: true)
                defer { position = end }
                guard wantText else { continue }
                return .text(try Self.decode(buffer[position..<end]))
            }
            guard try available(2) else { throw XMLReadError("ends inside a tag") }
            switch buffer[position + 1] {
            case UInt8(ascii: "?"):
                position = try after("?>")
            case UInt8(ascii: "!"):
                if try starts(with: "<!--") {
                    position = try after("-->")
                } else if try starts(with: "<![CDATA[") {
                    let end = try after("]]>")
                    let start = position + 9
                    position = end
                    if wantText { return .text(Array(buffer[start..<end - 3])) }
                } else {
                    throw XMLReadError("declares a DOCTYPE or entities, which a spreadsheet part never needs")
                }
            case UInt8(ascii: "/"):
                let end = try tagEnd()
                let name = Self.localName(buffer[(position + 2)..<end].prefix { !Self.isSpace($0) })
                position = end + 1
                return .end(name: name)
            default:
                let end = try tagEnd()
                let selfClosing = buffer[end - 1] == UInt8(ascii: "/")
                let tag = buffer[(position + 1)..<(selfClosing ? end - 1 : end)]
                position = end + 1
                let nameBytes = tag.prefix { !Self.isSpace($0) }
                return .start(
                    name: Self.localName(nameBytes), attributes: try Self.attributes(tag[nameBytes.endIndex...]),
                    selfClosing: selfClosing)
            }
        }
    }

    // MARK: - Buffer

    /// Whether `count` bytes from the position are in the buffer, reading more as needed. Asked a few times per tag,
    /// and nearly always answered from the buffer: inlined for that case, as a call it took about 8% of the XML
    /// thread's time (the benchmark's sheet), most of which the inlined check saves.
    @inline(__always)
    private mutating func available(_ count: Int) throws -> Bool {
        buffer.count - position >= count ? true : try refill(count)
    }

    /// Reads chunks until `count` bytes from the position are in the buffer; false at the end of the data.
    private mutating func refill(_ count: Int) throws -> Bool {
        while buffer.count - position < count {
            guard !exhausted else { return false }
            guard let chunk = try source.next() else {
                exhausted = true
                return false
            }
            if position > 0 {
                buffer.removeFirst(position)
                position = 0
            }
            buffer.append(contentsOf: chunk)
        }
        return true
    }

    /// The index of the next `byte` from the position (or the end of the data when `allowEnd`).
    private mutating func find(_ byte: UInt8, allowEnd: Bool) throws -> Int {
        var searched = position
        while true {
            if let found = buffer[searched...].firstIndex(of: byte) { return found }
            searched = buffer.count
            let offset = searched - position
            guard offset < Self.maximumToken else { throw XMLReadError("has a tag or text longer than 1 MiB") }
            guard try available(offset + 1) else {
                if allowEnd { return buffer.count }
                throw XMLReadError("ends inside a tag")
            }
            searched = position + offset
        }
    }

    /// The index of the `>` that closes the tag at the position, skipping quoted attribute values.
    /// Offsets count from the position, which reading more may move.
    private mutating func tagEnd() throws -> Int {
        var offset = 1
        var quote: UInt8?
        while true {
            guard try available(offset + 1) else { throw XMLReadError("ends inside a tag") }
            // Scans what is buffered in one loop and asks for more only at its end, rather than before every byte.
            let start = position + offset
            let found: Int? = buffer.withUnsafeBufferPointer { bytes in
                for index in start..<bytes.count {
                    let byte = bytes[index]
                    if let open = quote {
                        if byte == open { quote = nil }
                    } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                        quote = byte
                    } else if byte == UInt8(ascii: ">") {
                        return index
                    }
                }
                return nil
            }
            offset = (found ?? buffer.count) - position
            guard offset < Self.maximumToken else { throw XMLReadError("has a tag longer than 1 MiB") }
            if let found { return found }
        }
    }

    private mutating func starts(with text: StaticString) throws -> Bool {
        let count = text.utf8CodeUnitCount
        guard try available(count) else { return false }
        return text.withUTF8Buffer { buffer[position..<position + count].elementsEqual($0) }
    }

    /// The index just after the next `terminator`.
    private mutating func after(_ terminator: StaticString) throws -> Int {
        let bytes = terminator.withUTF8Buffer { Array($0) }
        var offset = 0
        while true {
            guard try available(offset + bytes.count) else { throw XMLReadError("ends inside markup") }
            guard offset < Self.maximumToken else { throw XMLReadError("has markup longer than 1 MiB") }
            let index = position + offset
            if buffer[index] == bytes[0], buffer[index..<index + bytes.count].elementsEqual(bytes) {
                return index + bytes.count
            }
            offset += 1
        }
    }

    // MARK: - Decoding

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    /// `x:row` → `row`. The few names a sheet repeats on every cell are returned as constants: decoding each
    /// name's bytes into a new string (validating them on the way) took a ninth of the XML thread's time on the
    /// benchmark's sheet, and the constants save about a fifth of that.
    private static func localName(_ name: ArraySlice<UInt8>) -> String {
        let local = name.lastIndex(of: UInt8(ascii: ":")).map { name[($0 + 1)...] } ?? name
        if local.count == 1 {
            switch local.first {
            case UInt8(ascii: "c"): return "c"
            case UInt8(ascii: "v"): return "v"
            case UInt8(ascii: "t"): return "t"
            case UInt8(ascii: "r"): return "r"
            case UInt8(ascii: "s"): return "s"
            default: break
            }
        } else if local.elementsEqual("is".utf8) {
            return "is"
        } else if local.elementsEqual("row".utf8) {
            return "row"
        }
        return String(decoding: local, as: UTF8.self)
    }

    /// `r="A1" t='s'` → `["r": "A1", "t": "s"]` (local names, values decoded).
    private static func attributes(_ bytes: ArraySlice<UInt8>) throws -> XMLAttributes {
        var result: XMLAttributes = [:]
        var index = bytes.startIndex
        while true {
            while index < bytes.endIndex, isSpace(bytes[index]) { index += 1 }
            guard index < bytes.endIndex else { return result }
            guard let equals = bytes[index...].firstIndex(of: UInt8(ascii: "=")) else {
                throw XMLReadError("has an attribute without a value")
            }
            let name = localName(bytes[index..<equals].prefix { !isSpace($0) })
            var open = equals + 1
            while open < bytes.endIndex, isSpace(bytes[open]) { open += 1 }
            guard open < bytes.endIndex, bytes[open] == UInt8(ascii: "\"") || bytes[open] == UInt8(ascii: "'"),
                let close = bytes[(open + 1)...].firstIndex(of: bytes[open])
            else { throw XMLReadError("has an attribute value without quotes") }
            let value = bytes[(open + 1)..<close]
            // Most values have no reference: made straight from the bytes, without the decoded copy.
            result.append(
                name: name,
                value: value.contains(UInt8(ascii: "&"))
                    ? String(decoding: try decode(value), as: UTF8.self) : String(decoding: value, as: UTF8.self))
            index = close + 1
        }
    }

    /// Text with entity and character references replaced.
    static func decode(_ bytes: ArraySlice<UInt8>) throws -> [UInt8] {
        guard bytes.contains(UInt8(ascii: "&")) else { return Array(bytes) }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            guard bytes[index] == UInt8(ascii: "&") else {
                result.append(bytes[index])
                index += 1
                continue
            }
            guard let semicolon = bytes[index...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else {
                throw XMLReadError("has an '&' that starts no reference")
            }
            let reference = String(decoding: bytes[(index + 1)..<semicolon], as: UTF8.self)
            switch reference {
            case "lt": result.append(UInt8(ascii: "<"))
            case "gt": result.append(UInt8(ascii: ">"))
            case "amp": result.append(UInt8(ascii: "&"))
            case "quot": result.append(UInt8(ascii: "\""))
            case "apos": result.append(UInt8(ascii: "'"))
            default:
                let scalar: UInt32? =
                    if reference.hasPrefix("#x") {
                        UInt32(reference.dropFirst(2), radix: 16)
                    } else if reference.hasPrefix("#") {
                        UInt32(reference.dropFirst())
                    } else {
                        nil
                    }
                guard let scalar, let unicode = Unicode.Scalar(scalar) else {
                    throw XMLReadError("refers to an undeclared entity &\(reference);")
                }
                result.append(contentsOf: String(Character(unicode)).utf8)
            }
            index = semicolon + 1
        }
        return result
    }
}

/// Why a spreadsheet part's XML cannot be read.
struct XMLReadError: Error, Equatable {
    var reason: String

    init(_ reason: String) {
        self.reason = "the XML " + reason
    }
}
