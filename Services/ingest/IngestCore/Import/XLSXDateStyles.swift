import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Which cell styles of a workbook show numbers as dates or times, read from `xl/styles.xml`, and how to write such
/// a number as the text an import reads (`2026-11-01`, `2026-11-01 10:30:00`, `10:30:00`).
///
/// Excel stores a date as a number of days (a serial) and shows it as a date only through the cell's style: its
/// `s` attribute points into `cellXfs`, whose `numFmtId` is either one of Excel's built-in formats or a custom
/// `numFmt` whose format code holds date or time letters.
struct XLSXDateStyles: Equatable, Sendable {
    /// What a style shows a number as.
    enum Shown: Equatable, Sendable {
        case date, dateTime, time
    }

    /// The style index (a cell's `s`) of each style that shows a date or time.
    private(set) var shown: [Int: Shown] = [:]
    /// Whether the workbook counts days from 1904-01-01 (old Mac workbooks) rather than from 1900.
    var uses1904: Bool = false

    /// Whether no style shows a date or time.
    var isEmpty: Bool { shown.isEmpty }

    /// What the style at `index` shows, when it is a date or time.
    func shown(style index: Int) -> Shown? {
        shown[index]
    }

    /// Reads the styles part; a workbook without one has no date styles.
    static func read(styles data: Data, uses1904: Bool) throws -> XLSXDateStyles {
        let collector = StylesCollector()
        let parser = XMLParser(data: data)
        parser.delegate = collector
        guard parser.parse() else {
            throw ImportError.malformedSpreadsheet(
                "the styles part does not parse: \(parser.parserError.map { "\($0)" } ?? "")")
        }
        var styles = XLSXDateStyles(uses1904: uses1904)
        for (index, formatID) in collector.cellFormats.enumerated() {
            if let shown = shown(formatID: formatID, code: collector.customFormats[formatID]) {
                styles.shown[index] = shown
            }
        }
        return styles
    }

    /// What a number format shows: Excel's built-in date and time formats by id (including the East Asian ones,
    /// 27–36 and 50–58), otherwise whatever date or time letters its code holds outside quotes, escapes and
    /// brackets (`[Red]`, `[$-409]`).
    static func shown(formatID: Int, code: String?) -> Shown? {
        if let code { return shown(code: code) }
        switch formatID {
        case 14...17, 27...31, 34...36, 50...58: return .date
        case 22: return .dateTime
        case 18...21, 32, 33, 45...47: return .time
        default: return nil
        }
    }

    /// What a custom format code shows, from its letters: y or d a date, h or s a time, m either.
    static func shown(code: String) -> Shown? {
        var letters = Set<Character>()
        var quoted = false
        var bracketed = false
        var escaped = false
        for character in code.lowercased() {
            if escaped {
                escaped = false
                continue
            }
            switch character {
            case "\"": quoted.toggle()
            case "\\" where !quoted: escaped = true
            case "[" where !quoted: bracketed = true
            case "]" where !quoted: bracketed = false
            case ";" where !quoted && !bracketed:
                // Only the first section (positive numbers) decides.
                return shown(letters)
            default:
                if !quoted && !bracketed { letters.insert(character) }
            }
        }
        return shown(letters)
    }

    private static func shown(_ letters: Set<Character>) -> Shown? {
        let date = letters.contains("y") || letters.contains("d")
        let time = letters.contains("h") || letters.contains("s")
        switch (date, time) {
        case (true, true): return .dateTime
        case (true, false): return .date
        case (false, true): return .time
        case (false, false): return letters.contains("m") ? .date : nil
        }
    }

    /// The serial `text` as an import's date or time text, or nil when it is not a number in Excel's date range.
    func text(serial text: String, shown: Shown) -> String? {
        guard let serial = Double(text), serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
        let seconds = (serial * 86_400).rounded()
        let days = Int((seconds / 86_400).rounded(.down))
        let secondOfDay = Int(seconds) - days * 86_400
        let time =
            "\(Self.padded(secondOfDay / 3600)):\(Self.padded(secondOfDay / 60 % 60)):\(Self.padded(secondOfDay % 60))"
        if shown == .time && days == 0 { return time }
        // Day 0 of the 1900 system is 1899-12-31, but Excel counts a 29 February 1900 that never was: from serial 61
        // on, 1899-12-30 as day 0 gives the right date. Serials below 61 are January and February 1900.
        let epochOffset = uses1904 ? 24_107 : (days < 61 ? 25_568 : 25_569)
        let date = Date(timeIntervalSince1970: Double(days - epochOffset) * 86_400)
        let parts = Calendar.utc.dateComponents([.year, .month, .day], from: date)
        guard let year = parts.year, let month = parts.month, let day = parts.day else { return nil }
        let dateText = "\(year)-\(Self.padded(month))-\(Self.padded(day))"
        return shown == .date && secondOfDay == 0 ? dateText : "\(dateText) \(time)"
    }

    private static func padded(_ number: Int) -> String {
        number < 10 ? "0\(number)" : String(number)
    }

    /// Collects `cellXfs`' format ids in order and the custom formats' codes.
    private final class StylesCollector: NSObject, XMLParserDelegate {
        var cellFormats: [Int] = []
        var customFormats: [Int: String] = [:]
        private var inCellFormats = false

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
            qualifiedName qName: String?, attributes: [String: String] = [:]
        ) {
            switch XMLElements.localName(elementName) {
            case "cellXfs": inCellFormats = true
            case "xf" where inCellFormats: cellFormats.append(attributes["numFmtId"].flatMap { Int($0) } ?? 0)
            case "numFmt":
                if let id = attributes["numFmtId"].flatMap({ Int($0) }), let code = attributes["formatCode"] {
                    customFormats[id] = code
                }
            default: break
            }
        }

        func parser(
            _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?
        ) {
            if XMLElements.localName(elementName) == "cellXfs" { inCellFormats = false }
        }
    }
}

extension Calendar {
    /// The Gregorian calendar in UTC.
    fileprivate static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
