/// Turns a cell's JSON text into the UTF-8 a file shows: strings unescaped, several identifiers joined with `; `,
/// numbers and booleans as written. Strings without escapes (nearly all) pass through without a copy.
struct CellText {
    private var scratch: [UInt8] = []

    /// Makes a decoder with its own scratch buffer, reused from cell to cell.
    init() {
        scratch.reserveCapacity(256)
    }

    /// Calls `body` with the cell's text.
    mutating func withText<T>(_ cell: ExportCell, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        switch cell.kind {
        case .empty: return try body(UnsafeRawBufferPointer(start: nil, count: 0))
        case .number: return try body(cell.bytes)
        case .string where !cell.escaped: return try body(cell.bytes)
        case .true: return try Self.trueText.withUnsafeBytes(body)
        case .false: return try Self.falseText.withUnsafeBytes(body)
        case .string:
            scratch.removeAll(keepingCapacity: true)
            Self.unescape(cell.bytes, into: &scratch)
            return try scratch.withUnsafeBytes(body)
        case .stringList:
            scratch.removeAll(keepingCapacity: true)
            Self.joinList(cell.bytes, into: &scratch)
            return try scratch.withUnsafeBytes(body)
        }
    }

    private static let trueText: [UInt8] = Array("true".utf8)
    private static let falseText: [UInt8] = Array("false".utf8)

    /// Appends the strings of a JSON array's content (`"a", "b"`), unescaped and joined with `; `.
    static func joinList(_ bytes: UnsafeRawBufferPointer, into output: inout [UInt8]) {
        var first = true
        forEachItem(of: bytes) { item in
            if !first { output.append(contentsOf: [UInt8(ascii: ";"), UInt8(ascii: " ")]) }
            first = false
            unescape(item, into: &output)
        }
    }

    /// Calls `body` with the content of each string of a JSON array's content (escapes left as written).
    static func forEachItem(of bytes: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Void) {
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "\"") else {
                index += 1
                continue
            }
            let start = index + 1
            var end = start
            while end < bytes.count && bytes[end] != UInt8(ascii: "\"") {
                end += bytes[end] == UInt8(ascii: "\\") ? 2 : 1
            }
            body(UnsafeRawBufferPointer(rebasing: bytes[start..<min(end, bytes.count)]))
            index = end + 1
        }
    }

    /// Appends a JSON string's content with its escapes decoded (`\n`, `\"`, `\u00e9`, surrogate pairs).
    static func unescape(_ bytes: UnsafeRawBufferPointer, into output: inout [UInt8]) {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\\"), index + 1 < bytes.count else {
                output.append(byte)
                index += 1
                continue
            }
            let escape = bytes[index + 1]
            index += 2
            switch escape {
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "u"):
                guard var scalar = hex(bytes, at: index) else { continue }
                index += 4
                if (0xD800..<0xDC00).contains(scalar), index + 6 <= bytes.count, bytes[index] == UInt8(ascii: "\\"),
                    bytes[index + 1] == UInt8(ascii: "u"), let low = hex(bytes, at: index + 2),
                    (0xDC00..<0xE000).contains(low)
                {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    index += 6
                }
                output.append(contentsOf: String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8)
            default: output.append(escape)
            }
        }
    }

    private static func hex(_ bytes: UnsafeRawBufferPointer, at index: Int) -> UInt32? {
        guard index + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for offset in 0..<4 {
            let byte = bytes[index + offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }
}
