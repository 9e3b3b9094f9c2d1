import Foundation
import RosterModel
import RosterRuntime

/// Reads what an export needs from a profile snapshot's JSON (as `cdp.profiles` carries it and the projection stores
/// it) in one pass over its bytes: the wanted attributes, identifiers, tags, and whether the contact is real-name or
/// a WeChat fan.
///
/// Hand-written rather than `JSONDecoder`: decoding would build a dictionary and a string for every attribute of every
/// contact, while this scan only records where each wanted value lies and makes no copies. It is on the hot path: in
/// the export benchmark (a million contacts, profiled with perf) it is about a third of a CSV export's CPU time.
struct SnapshotScanner: Sendable {
    /// Column of each attribute key.
    let attributeColumns: KeyTable
    /// Column of each identifier kind (used when the attribute itself has no value).
    let identifierColumns: KeyTable
    /// The column of `contact_id` and of `created_at`, whose values the snapshot also carries at its top level.
    let contactIDColumn: Int?
    let createdAtColumn: Int?
    /// How many columns the scan fills.
    let width: Int

    private static let channelKinds = KeyTable(Presets.channelIdentifierKinds.sorted().map { ($0, 0) })
    private static let topLevel = KeyTable([
        ("attributes", 1), ("identifiers", 2), ("tags", 3), ("contact_id", 4), ("created_at", 5),
    ])
    private static let wechatOpenID = Array("wechat_openid".utf8)

    /// A scanner filling `keys.count` columns, the attribute `keys[i]` into column `i`.
    init(keys: [String]) {
        let entries = keys.enumerated().map { (key: $1, value: $0) }
        attributeColumns = KeyTable(entries)
        identifierColumns = KeyTable(entries)
        contactIDColumn = keys.firstIndex(of: "contact_id")
        createdAtColumn = keys.firstIndex(of: "created_at")
        width = keys.count
    }

    /// What one scan found; reused from row to row.
    struct Found {
        /// The attributes' values by column.
        var attributes: [ExportCell]
        /// Identifier lists and top-level values by column, shown where the attribute has none.
        var fallbacks: [ExportCell]
        /// The tags' texts (JSON string content).
        var tags: [UnsafeRawBufferPointer] = []
        /// A primary-key identifier (mobile, e-mail, a tenant's own) has a value.
        var realName = false
        /// `wechat_openid` has a value.
        var wechatFan = false

        /// Storage for `width` columns.
        init(width: Int) {
            attributes = Array(repeating: .empty, count: width)
            fallbacks = Array(repeating: .empty, count: width)
        }

        /// The value of column `index`: the attribute, else the fallback.
        @inline(__always)
        func cell(_ index: Int) -> ExportCell {
            attributes[index].kind == .empty ? fallbacks[index] : attributes[index]
        }
    }

    /// Scans one snapshot into `found`; throws naming the byte where the JSON is broken.
    func scan(_ bytes: UnsafeRawBufferPointer, into found: inout Found) throws {
        for index in 0..<width {
            found.attributes[index] = .empty
            found.fallbacks[index] = .empty
        }
        found.tags.removeAll(keepingCapacity: true)
        found.realName = false
        found.wechatFan = false
        var reader = JSONBytes(bytes)
        try reader.object { key, reader in
            switch Self.topLevel.value(key) {
            case 1:
                try reader.object { key, reader in
                    let value = try reader.scalar()
                    if let column = attributeColumns.value(key), let value { found.attributes[column] = value }
                }
            case 2:
                try reader.object { kind, reader in
                    let list = try reader.stringList()
                    guard list.count > 0 else { return }
                    if Self.channelKinds.value(kind) == nil { found.realName = true }
                    if kind.elementsEqual(Self.wechatOpenID) { found.wechatFan = true }
                    if let column = identifierColumns.value(kind) {
                        found.fallbacks[column] = ExportCell(kind: .stringList, bytes: list, escaped: true)
                    }
                }
            case 3:
                try reader.array { reader in
                    if let tag = try reader.scalar(), tag.kind == .string { found.tags.append(tag.bytes) }
                }
            case 4:
                if let value = try reader.scalar(), let column = contactIDColumn { found.fallbacks[column] = value }
            case 5:
                if let value = try reader.scalar(), let column = createdAtColumn { found.fallbacks[column] = value }
            default:
                try reader.skip()
            }
        }
    }
}

/// A cursor over JSON bytes that reports where values lie instead of decoding them.
struct JSONBytes {
    private let bytes: UnsafeRawBufferPointer
    private var index = 0

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    private func broken(_ reason: String) -> RosterError {
        RosterError.exportFailed("a stored profile is not valid JSON: \(reason) at byte \(index)")
    }

    @inline(__always)
    private mutating func skipSpace() {
        guard index < bytes.count, bytes[index] <= 0x20 else { return }
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
            index += 1
        }
    }

    @inline(__always)
    private mutating func expect(_ byte: UInt8) throws {
        skipSpace()
        guard index < bytes.count, bytes[index] == byte else { throw broken("expected \(Character(.init(byte)))") }
        index += 1
    }

    /// The content of the string at the cursor, and whether it holds an escape. The closing quote is found with
    /// `memchr`; only a string holding a backslash is walked byte by byte.
    @inline(__always)
    private mutating func string() throws -> (UnsafeRawBufferPointer, Bool) {
        try expect(UInt8(ascii: "\""))
        let start = index
        let base = bytes.baseAddress!
        guard let quote = memchr(base + start, Int32(UInt8(ascii: "\"")), bytes.count - start) else {
            throw broken("unterminated string")
        }
        let end = UnsafeRawPointer(quote) - base
        if memchr(base + start, Int32(UInt8(ascii: "\\")), end - start) == nil {
            index = end + 1
            return (UnsafeRawBufferPointer(rebasing: bytes[start..<end]), false)
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return (UnsafeRawBufferPointer(rebasing: bytes[start..<index - 1]), true)
            }
            index += byte == UInt8(ascii: "\\") ? 2 : 1
        }
        throw broken("unterminated string")
    }

    /// Calls `body` with each key of the object at the cursor; `body` must consume the value.
    @inline(__always)
    mutating func object(_ body: (UnsafeRawBufferPointer, inout JSONBytes) throws -> Void) throws {
        try expect(UInt8(ascii: "{"))
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return
        }
        while true {
            let (key, _) = try string()
            try expect(UInt8(ascii: ":"))
            try body(key, &self)
            skipSpace()
            guard index < bytes.count else { throw broken("unterminated object") }
            index += 1
            if bytes[index - 1] == UInt8(ascii: "}") { return }
            guard bytes[index - 1] == UInt8(ascii: ",") else { throw broken("expected , or }") }
        }
    }

    /// Calls `body` for each element of the array at the cursor; `body` must consume the element.
    @inline(__always)
    mutating func array(_ body: (inout JSONBytes) throws -> Void) throws {
        try expect(UInt8(ascii: "["))
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return
        }
        while true {
            try body(&self)
            skipSpace()
            guard index < bytes.count else { throw broken("unterminated array") }
            index += 1
            if bytes[index - 1] == UInt8(ascii: "]") { return }
            guard bytes[index - 1] == UInt8(ascii: ",") else { throw broken("expected , or ]") }
        }
    }

    /// The scalar at the cursor as a cell; `nil` for `null`, an array or an object (which are skipped).
    @inline(__always)
    mutating func scalar() throws -> ExportCell? {
        skipSpace()
        guard index < bytes.count else { throw broken("missing value") }
        switch bytes[index] {
        case UInt8(ascii: "\""):
            let (content, escaped) = try string()
            return ExportCell(kind: .string, bytes: content, escaped: escaped)
        case UInt8(ascii: "t"):
            try literal("true")
            return ExportCell(kind: .true, bytes: UnsafeRawBufferPointer(start: nil, count: 0), escaped: false)
        case UInt8(ascii: "f"):
            try literal("false")
            return ExportCell(kind: .false, bytes: UnsafeRawBufferPointer(start: nil, count: 0), escaped: false)
        case UInt8(ascii: "n"):
            try literal("null")
            return nil
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            try skip()
            return nil
        default:
            let start = index
            while index < bytes.count {
                let byte = bytes[index]
                guard
                    (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
                        || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e")
                        || byte == UInt8(ascii: "E")
                else { break }
                index += 1
            }
            guard index > start else { throw broken("unexpected character") }
            return ExportCell(
                kind: .number, bytes: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), escaped: false)
        }
    }

    /// The content of the array of strings at the cursor (between its brackets); its `count` is 0 when it is empty.
    mutating func stringList() throws -> UnsafeRawBufferPointer {
        skipSpace()
        let start = index + 1
        var strings = 0
        try array { reader in
            _ = try reader.string()
            strings += 1
        }
        return strings == 0
            ? UnsafeRawBufferPointer(start: nil, count: 0) : UnsafeRawBufferPointer(rebasing: bytes[start..<index - 1])
    }

    /// Skips the value at the cursor.
    mutating func skip() throws {
        skipSpace()
        guard index < bytes.count else { throw broken("missing value") }
        switch bytes[index] {
        case UInt8(ascii: "{"): try object { _, reader in try reader.skip() }
        case UInt8(ascii: "["): try array { reader in try reader.skip() }
        default: _ = try scalar()
        }
    }

    private mutating func literal(_ word: StaticString) throws {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count,
            memcmp(bytes.baseAddress! + index, word.utf8Start, count) == 0
        else { throw broken("unexpected literal") }
        index += count
    }
}
