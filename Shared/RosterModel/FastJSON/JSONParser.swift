/// Parses JSON bytes into a `JSONValue` tree, for the columns the resolver reads back for every event.
///
/// Hand-written for the same reason as `JSONWriter`: reading a contact's stored attributes through
/// `JSONDecoder` cost more than the SQLite lookups around it. Numbers without a fraction or exponent that fit
/// in 64 bits become `.int`, all others `.double`, as `JSONValue`'s `Decodable` conformance decides.
///
/// It reads through an unsafe buffer pointer, and makes a string straight from the bytes between its quotes when
/// it has no escapes (without a UTF-8 check when they are ASCII): reading every social event and every stored tag
/// list, the checked `[UInt8]` subscripts, the copy of each string's bytes into an array of its own and the UTF-8
/// check took about half of the parse (`perf`, `roster-bench --only social`).
public struct JSONParser {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    /// Parses a whole document; trailing bytes other than whitespace are an error.
    public static func parse(_ bytes: [UInt8]) throws(WireError) -> JSONValue {
        try document(bytes) { parser throws(WireError) in try parser.value(depth: 0) }
    }

    /// Parses a document that must be an object into its members in the order written (a repeated key appears
    /// twice), or `nil` when it is another value: a reader that takes each member once by name does without
    /// building and probing a dictionary.
    public static func parseMembers(_ bytes: [UInt8]) throws(WireError) -> [(key: String, value: JSONValue)]? {
        try document(bytes) { parser throws(WireError) in
            parser.skipWhitespace()
            guard parser.peek(UInt8(ascii: "{")) else {
                _ = try parser.value(depth: 0)
                return nil
            }
            var members: [(key: String, value: JSONValue)] = []
            members.reserveCapacity(16)
            try parser.members(depth: 0) { key, value in members.append((key, value)) }
            return members
        }
    }

    /// Reads a whole document with `read` over the bytes' buffer; trailing bytes other than whitespace are an error.
    private static func document<Value>(
        _ bytes: [UInt8], _ read: (inout JSONParser) throws(WireError) -> Value
    ) throws(WireError) -> Value {
        let result: Result<Value, WireError> = bytes.withUnsafeBufferPointer { buffer in
            var parser = JSONParser(bytes: buffer)
            do throws(WireError) {
                let value = try read(&parser)
                parser.skipWhitespace()
                guard parser.index == buffer.count else { throw parser.failure("has bytes after the JSON value") }
                return .success(value)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    private static let maximumDepth = 512

    private mutating func value(depth: Int) throws(WireError) -> JSONValue {
        guard depth < Self.maximumDepth else { throw failure("nests deeper than \(Self.maximumDepth) levels") }
        skipWhitespace()
        guard index < bytes.count else { throw failure("ends where a value was expected") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        default: return try number()
        }
    }

    private mutating func object(depth: Int) throws(WireError) -> JSONValue {
        index += 1
        var members: [String: JSONValue] = [:]
        members.reserveCapacity(8)
        try self.members(depth: depth) { key, value in members[key] = value }
        return .object(members)
    }

    /// Reads an object's members after its `{`, through its `}`, handing each to `add` in order.
    private mutating func members(
        depth: Int, _ add: (String, JSONValue) -> Void
    ) throws(WireError) {
        skipWhitespace()
        if peek(UInt8(ascii: "}")) { return }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw failure("has an object key that is not a string")
            }
            let key = try string()
            skipWhitespace()
            guard peek(UInt8(ascii: ":")) else { throw failure("lacks ':' after an object key") }
            add(key, try value(depth: depth + 1))
            skipWhitespace()
            if peek(UInt8(ascii: "}")) { return }
            guard peek(UInt8(ascii: ",")) else { throw failure("lacks ',' or '}' in an object") }
        }
    }

    private mutating func array(depth: Int) throws(WireError) -> JSONValue {
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if peek(UInt8(ascii: "]")) { return .array(elements) }
        while true {
            elements.append(try value(depth: depth + 1))
            skipWhitespace()
            if peek(UInt8(ascii: "]")) { return .array(elements) }
            guard peek(UInt8(ascii: ",")) else { throw failure("lacks ',' or ']' in an array") }
        }
    }

    /// Consumes `byte` when it is next.
    private mutating func peek(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private mutating func literal(_ word: StaticString, _ value: JSONValue) throws(WireError) -> JSONValue {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count,
            word.withUTF8Buffer({ bytes[index..<index + count].elementsEqual($0) })
        else { throw failure("has an unknown literal") }
        index += count
        return value
    }

    private mutating func number() throws(WireError) -> JSONValue {
        let start = index
        var integral = true
        if peek(UInt8(ascii: "-")) {}
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): break
            case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "+"), UInt8(ascii: "-"):
                integral = false
            default:
                return try numberValue(start: start, integral: integral)
            }
            index += 1
        }
        return try numberValue(start: start, integral: integral)
    }

    private func numberValue(start: Int, integral: Bool) throws(WireError) -> JSONValue {
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        if integral, let value = Int64(text) { return .int(value) }
        guard !text.isEmpty, let value = Double(text), value.isFinite else {
            throw failure("has an invalid number '\(text)'")
        }
        return .double(value)
    }

    private mutating func string() throws(WireError) -> String {
        index += 1
        let start = index
        // The common case: no escapes, so the bytes between the quotes are the string; plain ASCII needs no check.
        var highBits: UInt8 = 0
        while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\") {
            highBits |= bytes[index]
            index += 1
        }
        guard index < bytes.count else { throw failure("has an unterminated string") }
        if bytes[index] == UInt8(ascii: "\"") {
            index += 1
            let utf8 = UnsafeBufferPointer(rebasing: bytes[start..<index - 1])
            return highBits < 0x80 ? String(decoding: utf8, as: UTF8.self) : try text(utf8)
        }
        var utf8 = Array(bytes[start..<index])
        while bytes[index] == UInt8(ascii: "\\") {
            index += 1
            guard index < bytes.count else { throw failure("has an unterminated string") }
            try appendEscape(to: &utf8)
            while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\") {
                utf8.append(bytes[index])
                index += 1
            }
            guard index < bytes.count else { throw failure("has an unterminated string") }
        }
        index += 1
        return try utf8.withUnsafeBufferPointer { buffer throws(WireError) in try text(buffer) }
    }

    private func text(_ utf8: UnsafeBufferPointer<UInt8>) throws(WireError) -> String {
        guard let text = String(validating: utf8, as: UTF8.self) else {
            throw failure("has a string that is not UTF-8")
        }
        return text
    }

    private mutating func appendEscape(to utf8: inout [UInt8]) throws(WireError) {
        let escaped = bytes[index]
        index += 1
        switch escaped {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escaped)
        case UInt8(ascii: "n"): utf8.append(0x0A)
        case UInt8(ascii: "r"): utf8.append(0x0D)
        case UInt8(ascii: "t"): utf8.append(0x09)
        case UInt8(ascii: "b"): utf8.append(0x08)
        case UInt8(ascii: "f"): utf8.append(0x0C)
        case UInt8(ascii: "u"):
            var scalar = try hexQuad()
            if (0xD800..<0xDC00).contains(scalar) {
                guard peek(UInt8(ascii: "\\")), peek(UInt8(ascii: "u")) else { throw failure("has a lone surrogate") }
                let low = try hexQuad()
                guard (0xDC00..<0xE000).contains(low) else { throw failure("has a lone surrogate") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw failure("has an invalid \\u escape") }
            utf8.append(contentsOf: String(Character(unicode)).utf8)
        default: throw failure("has an invalid escape")
        }
    }

    private mutating func hexQuad() throws(WireError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw failure("has a short \\u escape") }
        var value: UInt32 = 0
        for byte in bytes[index..<index + 4] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure("has an invalid \\u escape")
            }
            value = value << 4 | UInt32(digit)
        }
        index += 4
        return value
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    private func failure(_ reason: String) -> WireError {
        WireError(field: "", reason: "is not valid JSON: it \(reason) (byte \(index))")
    }
}
