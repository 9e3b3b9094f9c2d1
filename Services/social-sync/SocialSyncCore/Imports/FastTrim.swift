extension String {
    /// The text without leading and trailing spaces and tabs, itself when it has none (most cells).
    ///
    /// Written over UTF-8 bytes because Foundation's `trimmingCharacters(in:)` bridges through `NSString` on Linux and
    /// was the largest cost of validating an import file (measured with perf on 200,000 rows).
    var trimmingSpaces: String {
        let bytes = utf8
        guard let first = bytes.first, let last = bytes.last else { return self }
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 }
        guard isSpace(first) || isSpace(last) else { return self }
        guard let start = bytes.firstIndex(where: { !isSpace($0) }), let end = bytes.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(decoding: bytes[start...end], as: UTF8.self)
    }
}
