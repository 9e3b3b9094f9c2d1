import Foundation

/// Turns identifier values into the one form they are matched in, or says why a value is not valid.
///
/// E-mail is trimmed and lower-cased. Phones become international digits without `+`: a trunk `0`
/// is replaced by the tenant's country code (`0911223344` in TW → `886911223344`), a local number
/// takes the default country (`13800000001` in CN → `8613800000001`), and a value Excel turned into
/// scientific notation (`8.86911E+11`) is rejected, never guessed.
public struct IdentifierNormalizer: Sendable {
    /// The tenant's default country, as an ISO code with a known calling code.
    public let defaultCountry: String

    public init(defaultCountry: String = "CN") {
        self.defaultCountry = defaultCountry
    }

    /// Identifier kinds whose values are phone numbers.
    public static let phoneKinds: Set<String> = ["mobile", "whatsapp"]

    /// Calling codes of the countries a tenant may choose as its default.
    static let callingCodes: [String: String] = [
        "CN": "86", "TW": "886", "HK": "852", "MO": "853", "SG": "65", "MY": "60", "JP": "81", "KR": "82",
        "TH": "66", "VN": "84", "ID": "62", "PH": "63", "US": "1", "GB": "44", "AU": "61",
    ]

    /// The countries a tenant may choose as its default, sorted.
    public static var countries: [String] { callingCodes.keys.sorted() }

    /// Whether `country` has a known calling code.
    public static func knows(country: String) -> Bool { callingCodes[country] != nil }

    /// The normalized value, or the reason it is invalid.
    public func normalize(kind: String, value raw: String) -> Result<String, InvalidIdentifier> {
        let value = raw.trimmedOfWhitespace
        guard !value.isEmpty else { return .failure(InvalidIdentifier(kind: kind, value: raw, reason: "is empty")) }
        if kind == "email" { return normalizeEmail(value) }
        if Self.phoneKinds.contains(kind) { return normalizePhone(kind: kind, value) }
        return .success(value)
    }

    private func normalizeEmail(_ value: String) -> Result<String, InvalidIdentifier> {
        let email = value.lowercased()
        let valid = email.utf8.allSatisfy { $0 < 0x80 } ? Self.isASCIIEmail(email) : Self.isEmail(email)
        return valid ? .success(email) : .failure(Self.notAnEmail(value))
    }

    /// Exactly one `@` (a character, not a byte followed by a combining mark), something before it, a `.` byte
    /// after it, and no space.
    private static func isEmail(_ email: String) -> Bool {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].utf8.contains(UInt8(ascii: "."))
            && !email.utf8.contains(UInt8(ascii: " "))
    }

    /// `isEmail` for ASCII text, in one pass over the bytes, without the array of substrings a split makes for
    /// every value.
    private static func isASCIIEmail(_ email: String) -> Bool {
        var at: Int?
        var dotAfterAt = false
        var offset = 0
        for byte in email.utf8 {
            switch byte {
            case UInt8(ascii: "@"):
                guard at == nil else { return false }
                at = offset
            case UInt8(ascii: "."): dotAfterAt = dotAfterAt || at != nil
            case UInt8(ascii: " "): return false
            default: break
            }
            offset += 1
        }
        return (at ?? 0) > 0 && dotAfterAt
    }

    private static func notAnEmail(_ value: String) -> InvalidIdentifier {
        InvalidIdentifier(kind: "email", value: value, reason: "is not an e-mail address")
    }

    private func normalizePhone(kind: String, _ value: String) -> Result<String, InvalidIdentifier> {
        if Self.isScientific(value) {
            return .failure(
                InvalidIdentifier(
                    kind: kind, value: value,
                    reason: "is in scientific notation (a spreadsheet rounded it); re-export it as text"))
        }
        let international = value.hasPrefix("+") || value.hasPrefix("00")
        let digits = String(decoding: value.utf8.filter { (0x30...0x39).contains($0) }, as: UTF8.self)
        guard Self.consists(of: value, digitsAnd: " -()+."), digits.utf8.count >= 6 else {
            return .failure(InvalidIdentifier(kind: kind, value: value, reason: "is not a phone number"))
        }
        if value.utf8.contains(UInt8(ascii: ".")) && Self.consists(of: value, digitsAnd: ".") {
            return .failure(
                InvalidIdentifier(
                    kind: kind, value: value,
                    reason: "is a decimal number (a spreadsheet reformatted it); re-export it as text"
                ))
        }
        if international {
            let withCountry = value.hasPrefix("00") ? String(digits.dropFirst(2)) : digits
            return checkedLength(kind: kind, value: value, digits: Self.droppingTrunkZero(withCountry))
        }
        let country = Self.callingCodes[defaultCountry] ?? "86"
        if digits.utf8.first == UInt8(ascii: "0") {
            return checkedLength(kind: kind, value: value, digits: country + digits.dropFirst())
        }
        if defaultCountry == "CN", digits.utf8.count == 11, digits.utf8.first == UInt8(ascii: "1") {
            return checkedLength(kind: kind, value: value, digits: country + digits)
        }
        if digits.utf8.count <= 10 { return checkedLength(kind: kind, value: value, digits: country + digits) }
        return checkedLength(kind: kind, value: value, digits: digits)
    }

    /// Whether every character of `value` is a number (`Character.isNumber`) or one of `others` (ASCII). An ASCII
    /// value is checked byte by byte, where only `0`–`9` are numbers: walking Characters (and Foundation's
    /// `contains`) was most of the cost of normalizing a phone.
    static func consists(of value: String, digitsAnd others: StaticString) -> Bool {
        others.withUTF8Buffer { extra in
            for byte in value.utf8 {
                guard byte < 0x80 else {
                    return value.allSatisfy { $0.isNumber || ($0.asciiValue.map(extra.contains) ?? false) }
                }
                guard (0x30...0x39).contains(byte) || extra.contains(byte) else { return false }
            }
            return true
        }
    }

    /// Whether the value has an exponent (`8.86911E+11`, `1e-3`).
    static func isScientific(_ value: String) -> Bool {
        var previousWasE = false
        for byte in value.utf8 {
            if previousWasE && (byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")) { return true }
            previousWasE = byte == UInt8(ascii: "E") || byte == UInt8(ascii: "e")
        }
        return false
    }

    /// `886` `0` `911223344` → `886911223344`: a trunk zero written after a known country code is dropped.
    static func droppingTrunkZero(_ digits: String) -> String {
        for code in callingCodesLongestFirst where digits.hasPrefix(code + "0") {
            return code + digits.dropFirst(code.count + 1)
        }
        return digits
    }

    /// The calling codes, longest first, so that `886` is tried before `88`-anything.
    private static let callingCodesLongestFirst = callingCodes.values.sorted { $0.count > $1.count }

    private func checkedLength(kind: String, value: String, digits: String) -> Result<String, InvalidIdentifier> {
        guard (8...15).contains(digits.utf8.count) else {
            return .failure(
                InvalidIdentifier(
                    kind: kind, value: value, reason: "has \(digits.utf8.count) digits; a phone has 8 to 15"))
        }
        return .success(digits)
    }
}

/// An identifier value that cannot be used, and why.
public struct InvalidIdentifier: Error, Sendable, Equatable {
    public let kind: String
    public let value: String
    public let reason: String
}
