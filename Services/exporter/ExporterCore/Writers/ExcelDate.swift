/// Excel's date serial numbers (days since 1899-12-30; the time of day is the fraction) from the RFC 3339 text
/// that attributes hold, read straight from the bytes.
enum ExcelDate {
    /// The serial of a `YYYY-MM-DD` date (anything after the date is ignored), or `nil` when it is not one.
    static func serial(date bytes: UnsafeRawBufferPointer) -> Int? {
        guard bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let year = number(bytes, 0, 4), let month = number(bytes, 5, 2), let day = number(bytes, 8, 2),
            (1...12).contains(month), (1...31).contains(day), year >= 1900
        else { return nil }
        let serial = daysSince1970(year: year, month: month, day: day) + 25569
        // Serials before 1900-03-01 fall on Excel's phantom 1900-02-29; such dates stay text.
        return serial >= 61 ? serial : nil
    }

    /// The serial of an RFC 3339 time (`2026-03-14T15:00:00.250Z`, an offset, or no zone read as UTC) in UTC, or
    /// `nil` when it is not one. A bare date is midnight.
    static func serial(dateTime bytes: UnsafeRawBufferPointer) -> Double? {
        guard let days = serial(date: bytes) else { return nil }
        guard bytes.count >= 19, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " ") else {
            return bytes.count == 10 ? Double(days) : nil
        }
        guard bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"), let hour = number(bytes, 11, 2),
            let minute = number(bytes, 14, 2), let second = number(bytes, 17, 2), hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        var fraction = 0.0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            while index < bytes.count, let digit = digit(bytes[index]) {
                fraction += Double(digit) * scale
                scale /= 10
                index += 1
            }
        }
        var offsetSeconds = 0
        if index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "Z"), UInt8(ascii: "z"):
                guard index + 1 == bytes.count else { return nil }
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                guard index + 6 == bytes.count, bytes[index + 3] == UInt8(ascii: ":"),
                    let hours = number(bytes, index + 1, 2), let minutes = number(bytes, index + 4, 2)
                else { return nil }
                offsetSeconds = (hours * 3600 + minutes * 60) * (bytes[index] == UInt8(ascii: "+") ? 1 : -1)
            default: return nil
            }
        }
        let seconds = Double(hour * 3600 + minute * 60 + second - offsetSeconds) + fraction
        return Double(days) + seconds / 86_400
    }

    /// Days from 1970-01-01 to a civil date (proleptic Gregorian).
    static func daysSince1970(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    @inline(__always)
    private static func digit(_ byte: UInt8) -> Int? {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? Int(byte - UInt8(ascii: "0")) : nil
    }

    private static func number(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ length: Int) -> Int? {
        var value = 0
        for index in start..<start + length {
            guard let digit = digit(bytes[index]) else { return nil }
            value = value * 10 + digit
        }
        return value
    }
}
