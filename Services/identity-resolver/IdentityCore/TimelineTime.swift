import RosterModel

/// The form timeline times are stored in (`2026-11-20T08:00:00.000Z`), which sorts as the times do.
///
/// Hand-written for the common inputs because it runs for every timeline entry: `Timestamps.parse` and
/// `Timestamps.format` (Foundation's ISO 8601 styles) cost more than the entry's insert. A UTC time with whole seconds
/// or milliseconds is rewritten directly, after the same calendar checks; any other form (an offset, another
/// precision) goes through Foundation as before.
enum TimelineTime {
    /// The stored form of an RFC 3339 time; text that is not one is kept as given.
    static func canonical(_ text: String) -> String {
        var utf8 = Array(text.utf8)
        if utf8.count == 20, isWholeSecondUTC(utf8) {
            utf8.insert(contentsOf: Array(".000".utf8), at: 19)
            return String(decoding: utf8, as: UTF8.self)
        }
        if utf8.count == 24, utf8[19] == UInt8(ascii: "."), digits(utf8, 20, 3) != nil,
            isWholeSecondUTC(Array(utf8[0..<19]) + [UInt8(ascii: "Z")])
        {
            return text
        }
        return Timestamps.parse(text).map(Timestamps.format) ?? text
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` naming a real day and time (no leap second).
    private static func isWholeSecondUTC(_ bytes: [UInt8]) -> Bool {
        guard bytes.count == 20, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
            bytes[19] == UInt8(ascii: "Z"), let year = digits(bytes, 0, 4), let month = digits(bytes, 5, 2),
            let day = digits(bytes, 8, 2), let hour = digits(bytes, 11, 2), let minute = digits(bytes, 14, 2),
            let second = digits(bytes, 17, 2)
        else { return false }
        guard (1...12).contains(month), hour < 24, minute < 60, second < 60 else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return (1...days).contains(day)
    }

    /// The decimal number of `count` ASCII digits at `start`, or `nil` if one is not a digit.
    private static func digits(_ bytes: [UInt8], _ start: Int, _ count: Int) -> Int? {
        var value = 0
        for byte in bytes[start..<start + count] {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }
}
