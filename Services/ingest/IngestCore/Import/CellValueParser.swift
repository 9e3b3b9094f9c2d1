import Foundation
import RosterModel

/// Turns a cell's text into the JSON value its attribute type takes.
///
/// What it produces passes the resolver's checks (`DefinitionCheck` in RosterRuntime): text as a string, numbers as
/// integers or finite decimals, booleans, dates as `YYYY-MM-DD`, times as RFC 3339 UTC, enum values among the
/// options. It accepts a few spellings people type (`2026/1/2`, `2026-01-02 10:30`, `yes`, `是`) and writes them in
/// those forms; anything else is refused with the reason, never guessed.
enum CellValueParser {
    /// The value for `text` under `type`, or the reason it does not fit.
    static func parse(
        _ text: String, kind: SourceCell.Kind, type: AttributeType, options: [String]?
    ) -> Result<JSONValue, Mismatch> {
        switch type {
        case .text:
            return .success(.string(text))
        case .number:
            if let integer = Int64(text) { return .success(.int(integer)) }
            // `Double` parses ASCII only, so its text has a letter exactly when it has an ASCII letter byte.
            if let decimal = Double(text), decimal.isFinite, kind == .number || !text.utf8.contains(where: isLetter) {
                return .success(.double(decimal))
            }
            return .failure(Mismatch("must be a number"))
        case .boolean:
            switch text.lowercased() {
            case "true", "yes", "y", "1", "是": return .success(.bool(true))
            case "false", "no", "n", "0", "否": return .success(.bool(false))
            default: return .failure(Mismatch("must be true or false"))
            }
        case .date:
            if kind == .number { return .failure(spreadsheetSerial) }
            return date(text).map { .success(.string($0)) } ?? .failure(Mismatch("must be a date YYYY-MM-DD"))
        case .datetime:
            if kind == .number { return .failure(spreadsheetSerial) }
            return time(text).map { .success(.string($0)) }
                ?? .failure(Mismatch("must be a time (RFC 3339, or YYYY-MM-DD HH:MM:SS in UTC)"))
        case .enum:
            guard let options, !options.isEmpty, !options.contains(text) else { return .success(.string(text)) }
            return .failure(Mismatch("must be one of \(options.joined(separator: ", "))"))
        }
    }

    /// Why a value does not fit its attribute.
    struct Mismatch: Error, Equatable {
        var reason: String

        init(_ reason: String) {
            self.reason = reason
        }
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    private static let spreadsheetSerial = Mismatch(
        "is a spreadsheet date number; format the column as text (YYYY-MM-DD) and upload again")

    /// `2026-01-02`, `2026/1/2` or `2026.1.2` as `2026-01-02`, when it is a real calendar day.
    ///
    /// Read from the bytes: splitting the text into substrings made the date check about a twelfth of a whole row's
    /// checks. Every accepted date is ASCII, so bytes decide it as characters would.
    static func date(_ text: String) -> String? {
        if let (year, month, day) = canonicalDate(text) {
            return (1...12).contains(month) && (1...daysIn(month: month, year: year)).contains(day) ? text : nil
        }
        let bytes = text.utf8
        var numbers: (year: Int?, month: Int?) = (nil, nil)
        var start = bytes.startIndex
        for index in bytes.indices {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "-") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: ".") else { continue }
            if numbers.year == nil {
                guard let year = number(bytes[start..<index], digits: 4...4) else { return nil }
                numbers.year = year
            } else {
                guard numbers.month == nil, let month = number(bytes[start..<index], digits: 1...2) else { return nil }
                numbers.month = month
            }
            start = bytes.index(after: index)
        }
        guard let year = numbers.year, let month = numbers.month, let day = number(bytes[start...], digits: 1...2),
            (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day)
        else { return nil }
        return padded(year, 4) + "-" + padded(month, 2) + "-" + padded(day, 2)
    }

    /// The year, month and day of `YYYY-MM-DD`, the form nearly every file has, read from its ten bytes at fixed
    /// places; nil for any other text. Such a date is already written as `date` writes it, so it is kept as it is:
    /// slicing it and building it again made up most of a date column's check.
    private static func canonicalDate(_ text: String) -> (year: Int, month: Int, day: Int)? {
        guard text.utf8.count == 10 else { return nil }
        return text.utf8.withContiguousStorageIfAvailable { bytes -> (year: Int, month: Int, day: Int)? in
            guard bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
            var value = 0
            for index in 0..<10 where index != 4 && index != 7 {
                guard (0x30...0x39).contains(bytes[index]) else { return nil }
                value = value * 10 + Int(bytes[index] - 0x30)
            }
            return (value / 10_000, value / 100 % 100, value % 100)
        } ?? nil
    }

    /// The number `Int` reads from `bytes` (an optional `+`, then decimal digits) when there are as many bytes as
    /// `digits` allows.
    private static func number(_ bytes: Substring.UTF8View, digits: ClosedRange<Int>) -> Int? {
        guard digits.contains(bytes.count) else { return nil }
        var value = 0
        var sawDigit = false
        for (offset, byte) in bytes.enumerated() {
            if offset == 0 && byte == UInt8(ascii: "+") { continue }
            guard (0x30...0x39).contains(byte) else { return nil }
            value = value * 10 + Int(byte - 0x30)
            sawDigit = true
        }
        return sawDigit ? value : nil
    }

    /// `7` → `07`: a non-negative number with leading zeros (`String(format:)` cost more than the rest of a row).
    static func padded(_ number: Int, _ width: Int) -> String {
        let digits = String(number)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// The days of a month of the Gregorian calendar.
    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// An RFC 3339 time as it is; `YYYY-MM-DD HH:MM[:SS]` (or a date alone, at midnight) as RFC 3339 in UTC.
    static func time(_ text: String) -> String? {
        if Timestamps.parse(text) != nil { return text }
        let halves = text.split(separator: " ", omittingEmptySubsequences: true)
        guard (1...2).contains(halves.count), let day = date(String(halves[0])) else { return nil }
        let clock = halves.count == 2 ? halves[1].split(separator: ":", omittingEmptySubsequences: false) : ["0", "0"]
        guard (2...3).contains(clock.count), let hour = Int(clock[0]), let minute = Int(clock[1]),
            (0...23).contains(hour), (0...59).contains(minute)
        else { return nil }
        let second = clock.count == 3 ? Int(clock[2]) : 0
        guard let second, (0...59).contains(second) else { return nil }
        let stamp = day + "T" + padded(hour, 2) + ":" + padded(minute, 2) + ":" + padded(second, 2) + "Z"
        return Timestamps.parse(stamp) != nil ? stamp : nil
    }
}
