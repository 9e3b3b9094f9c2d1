import Foundation

extension String {
    /// The text without leading and trailing whitespace and newlines. Most values have none, and checking the
    /// two ends first skips Foundation's trimming (a bridged `NSString` copy), which dominated reading import rows.
    public var trimmedOfWhitespace: String {
        if let first = utf8.first, let last = utf8.last, (0x21..<0x80).contains(first), (0x21..<0x80).contains(last) {
            return self
        }
        guard let first = unicodeScalars.first, let last = unicodeScalars.last,
            first.properties.isWhitespace || last.properties.isWhitespace
        else { return self }
        return trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
