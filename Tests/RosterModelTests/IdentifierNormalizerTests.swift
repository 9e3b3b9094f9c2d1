import RosterModel
import Testing

@Suite("Identifier normalization")
struct IdentifierNormalizerTests {
    // MARK: E-mail

    @Test(arguments: [
        ("alice@example.com", "alice@example.com"),
        ("  Alice@Example.COM  ", "alice@example.com"),
        ("\tBOB.SMITH+news@Mail.Example.CN\n", "bob.smith+news@mail.example.cn"),
    ])
    func emailIsTrimmedAndLowerCased(raw: String, expected: String) {
        // Given a normalizer
        let normalizer = IdentifierNormalizer()

        // When an e-mail with surrounding whitespace and capitals is normalized
        let result = normalizer.normalize(kind: "email", value: raw)

        // Then it is trimmed and lower-cased
        #expect(result == .success(expected))
    }

    @Test(arguments: [
        ("Alice.Example.COM", "Alice.Example.COM"),
        ("  @example.com ", "@example.com"),
        ("alice@localhost", "alice@localhost"),
        ("alice@home@example.com", "alice@home@example.com"),
        ("alice smith@example.com", "alice smith@example.com"),
    ])
    func valueThatIsNotAnEmailAddressIsRejectedWithReason(raw: String, reportedValue: String) {
        // Given a normalizer
        let normalizer = IdentifierNormalizer()

        // When a value that is not an e-mail address is normalized as an e-mail
        let result = normalizer.normalize(kind: "email", value: raw)

        // Then it is rejected, naming the kind, the trimmed value as written and why
        let error = #expect(throws: InvalidIdentifier.self) { try result.get() }
        #expect(error?.kind == "email")
        #expect(error?.value == reportedValue)
        #expect(error?.reason == "is not an e-mail address")
    }

    // MARK: Phones

    @Test(arguments: [
        ("TW", "0911223344", "886911223344"),
        ("TW", "0911-223-344", "886911223344"),
        ("CN", "13800000001", "8613800000001"),
        ("CN", " 138 0000 0001 ", "8613800000001"),
        ("CN", "+886 911-223-344", "886911223344"),
        ("TW", "+886 911-223-344", "886911223344"),
        ("CN", "00886911223344", "886911223344"),
        ("CN", "+86 138 0000 0001", "8613800000001"),
    ])
    func mobileBecomesInternationalDigitsWithoutPlus(defaultCountry: String, raw: String, expected: String) {
        // Given a tenant with a default country
        let normalizer = IdentifierNormalizer(defaultCountry: defaultCountry)

        // When a mobile number is normalized
        let result = normalizer.normalize(kind: "mobile", value: raw)

        // Then it is the country code followed by the number, digits only, without trunk 0
        #expect(result == .success(expected))
    }

    @Test func localNumberTakesChinaWhenNoDefaultCountryIsGiven() {
        // Given a normalizer created without a default country
        let normalizer = IdentifierNormalizer()

        // When a Chinese local mobile number is normalized
        let result = normalizer.normalize(kind: "mobile", value: "13800000001")

        // Then it takes China's calling code
        #expect(normalizer.defaultCountry == "CN")
        #expect(result == .success("8613800000001"))
    }

    @Test(arguments: [
        ("8.86911E+11", "8.86911E+11"),
        ("8.86911e+11", "8.86911e+11"),
        (" 8.61380E+12 ", "8.61380E+12"),
    ])
    func phoneInScientificNotationIsRejectedNotGuessed(raw: String, reportedValue: String) {
        // Given a normalizer
        let normalizer = IdentifierNormalizer(defaultCountry: "TW")

        // When a phone that a spreadsheet turned into scientific notation is normalized
        let result = normalizer.normalize(kind: "mobile", value: raw)

        // Then it is rejected with a reason that says so
        let error = #expect(throws: InvalidIdentifier.self) { try result.get() }
        #expect(error?.kind == "mobile")
        #expect(error?.value == reportedValue)
        #expect(error?.reason.contains("scientific notation") == true)
    }

    @Test(arguments: [
        ("+1234567", 7),
        ("+86 123 4567 8901 2345", 17),
        ("0012345678901234567", 17),
        ("1234567890123456", 16),
    ])
    func phoneWithTooFewOrTooManyDigitsIsRejectedNamingTheDigitCount(raw: String, digitCount: Int) {
        // Given a normalizer
        let normalizer = IdentifierNormalizer()

        // When a number with fewer than 8 or more than 15 digits is normalized
        let result = normalizer.normalize(kind: "mobile", value: raw)

        // Then it is rejected and the reason names how many digits it has
        let error = #expect(throws: InvalidIdentifier.self) { try result.get() }
        #expect(error?.kind == "mobile")
        #expect(error?.value == raw)
        #expect(error?.reason == "has \(digitCount) digits; a phone has 8 to 15")
    }

    @Test(arguments: ["138abc00001", "0911-ABC-344", "call me", "+86 138 0000 000x"])
    func phoneWithLettersIsRejected(raw: String) {
        // Given a normalizer
        let normalizer = IdentifierNormalizer(defaultCountry: "TW")

        // When a value containing letters is normalized as a mobile
        let result = normalizer.normalize(kind: "mobile", value: raw)

        // Then it is rejected as not a phone number
        let error = #expect(throws: InvalidIdentifier.self) { try result.get() }
        #expect(error?.kind == "mobile")
        #expect(error?.value == raw)
        #expect(error?.reason == "is not a phone number")
    }

    @Test(arguments: [
        ("0911223344", "886911223344"),
        ("+886 911-223-344", "886911223344"),
        ("00886911223344", "886911223344"),
    ])
    func whatsappIsNormalizedLikeMobile(raw: String, expected: String) {
        // Given a Taiwanese tenant
        let normalizer = IdentifierNormalizer(defaultCountry: "TW")

        // When the same number is normalized as a WhatsApp identifier and as a mobile
        let whatsapp = normalizer.normalize(kind: "whatsapp", value: raw)
        let mobile = normalizer.normalize(kind: "mobile", value: raw)

        // Then both give the same international digits
        #expect(whatsapp == .success(expected))
        #expect(mobile == .success(expected))
    }

    @Test func invalidWhatsappNumberIsRejectedUnderItsOwnKind() {
        // Given a normalizer
        let normalizer = IdentifierNormalizer(defaultCountry: "TW")

        // When a spreadsheet-rounded number is normalized as a WhatsApp identifier
        let result = normalizer.normalize(kind: "whatsapp", value: "8.86911E+11")

        // Then the rejection names the whatsapp kind
        let error = #expect(throws: InvalidIdentifier.self) { try result.get() }
        #expect(error?.kind == "whatsapp")
        #expect(error?.value == "8.86911E+11")
        #expect(error?.reason.contains("scientific notation") == true)
    }

    @Test(arguments: ["+886 (0)911-223-344", "+886 0911 223 344"])
    func trunkZeroAfterCountryCodeIsDropped(raw: String) {
        // Given a normalizer
        let normalizer = IdentifierNormalizer(defaultCountry: "TW")

        // When an international number written with the trunk 0 is normalized
        let result = normalizer.normalize(kind: "mobile", value: raw)

        // Then it is the country code followed by the number without trunk 0
        #expect(result == .success("886911223344"))
    }

    // MARK: Other kinds

    @Test(arguments: [
        ("wechat_openid", "  oAbC_123-XyZ  ", "oAbC_123-XyZ"),
        ("wechat_unionid", "\no6_bmasdasdsad6_2sgVt7hMZOPfL\t", "o6_bmasdasdsad6_2sgVt7hMZOPfL"),
        ("member_id", " 0042 ", "0042"),
        ("anonymous_id", " Visitor@Example.COM ", "Visitor@Example.COM"),
        ("line_uid", "0911223344", "0911223344"),
    ])
    func otherKindsAreOnlyTrimmed(kind: String, raw: String, expected: String) {
        // Given a normalizer
        let normalizer = IdentifierNormalizer(defaultCountry: "TW")

        // When a value of a kind that is neither e-mail nor phone is normalized
        let result = normalizer.normalize(kind: kind, value: raw)

        // Then only surrounding whitespace is removed; case, zeros and punctuation are kept
        #expect(result == .success(expected))
    }

    // MARK: Empty values

    @Test(arguments: [
        ("email", ""),
        ("email", "   "),
        ("mobile", ""),
        ("whatsapp", " \t "),
        ("wechat_openid", "\n"),
    ])
    func emptyValueIsRejected(kind: String, raw: String) {
        // Given a normalizer
        let normalizer = IdentifierNormalizer()

        // When an empty or whitespace-only value is normalized
        let result = normalizer.normalize(kind: kind, value: raw)

        // Then it is rejected as empty, naming the kind and the value as received
        let error = #expect(throws: InvalidIdentifier.self) { try result.get() }
        #expect(error?.kind == kind)
        #expect(error?.value == raw)
        #expect(error?.reason == "is empty")
    }

    @Test(arguments: ["886911223344.0", "8613800000001.00"])
    func decimalFromASpreadsheetIsRejectedNotGuessed(raw: String) {
        // Given a phone a spreadsheet turned into a decimal number
        let normalizer = IdentifierNormalizer(defaultCountry: "TW")

        // When it is normalized
        let result = normalizer.normalize(kind: "mobile", value: raw)

        // Then it is rejected with the reason
        let error = #expect(throws: InvalidIdentifier.self) { try result.get() }
        #expect(error?.reason.contains("decimal number") == true)
    }
}
