/// The byte between a CSV file's fields: a comma, or the semicolon or tab that spreadsheets in some locales write
/// when they save "CSV".
public enum CSVDelimiter {
    public static let comma: UInt8 = 0x2C
    public static let semicolon: UInt8 = 0x3B
    public static let tab: UInt8 = 0x09

    /// The delimiter of a file whose first line (the header) starts `text` (ASCII bytes as themselves, others as
    /// anything above 0x7F): a comma when the header has one outside quotes, else a semicolon or a tab when it has
    /// one, else a comma (a file of one column).
    public static func sniff(_ text: some Sequence<UInt8>) -> UInt8 {
        var quoted = false
        var hasSemicolon = false
        var hasTab = false
        for byte in text {
            if byte == UInt8(ascii: "\"") { quoted.toggle() }
            if quoted { continue }
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { break }
            if byte == comma { return comma }
            hasSemicolon = hasSemicolon || byte == semicolon
            hasTab = hasTab || byte == tab
        }
        return hasSemicolon ? semicolon : hasTab ? tab : comma
    }
}
