import Foundation

/// Writing CSV (RFC 4180) for downloads: the error report and the templates.
enum CSVText {
    /// The UTF-8 byte-order mark, so that spreadsheet programs read the file as UTF-8.
    static let byteOrderMark = "\u{FEFF}"

    /// One line: fields joined by commas, quoted where needed, ending in CRLF.
    static func line(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    /// A field, quoted (its quotes doubled) when it holds a comma, quote, line break or edge space.
    static func field(_ text: String) -> String {
        let needsQuotes =
            text.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
            || text.first?.isWhitespace == true || text.last?.isWhitespace == true
        guard needsQuotes else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
