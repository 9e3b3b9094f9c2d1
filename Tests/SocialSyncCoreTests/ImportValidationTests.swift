import Foundation
import RosterModel
import RosterRuntime
import Testing

@testable import SocialSyncCore

@Suite("Social import validation")
struct ImportValidationTests {
    private let validator = ImportValidator(
        channel: .line, tenant: "dev", normalizer: IdentifierNormalizer(defaultCountry: "TW"),
        attributes: [AttributeDefinition(key: "member_points", label: "Points", type: .number)])

    private func validate(_ text: String) throws -> ImportValidator.Report {
        try validator.validate(try SocialCSV(bytes: Array(text.utf8)), db: nil)
    }

    @Test func everyInvalidPhoneNamesItsRowColumnAndHowToWriteIt() throws {
        // Given a file whose phones have a +, a trunk 0, scientific notation, and one good value
        let csv = """
            LINE UID,Name,Phone,Email
            U1,Ada,+886911223344,ada@example.com
            U2,Bo,0911223344,
            U3,Cy,8.86911E+11,
            U4,Di,886911223355,di@example.com
            """

        // When it is validated
        let report = try validate(csv)

        // Then exactly rows 2, 3 and 4 are errors on the Phone column, each saying why, and row 5 is valid
        #expect(report.errors.map(\.row) == [2, 3, 4])
        #expect(report.errors.allSatisfy { $0.field == "Phone" })
        #expect(report.errors[0].reason == "must be international digits without '+': write 886911223344")
        #expect(report.errors[1].reason.hasPrefix("starts with a trunk 0"))
        #expect(report.errors[2].reason.contains("scientific notation"))
        #expect(report.rows.map(\.userID) == ["U4"])
        #expect(report.rows.first?.phone == "886911223355")
    }

    @Test func aSemicolonOrTabSeparatedFileIsReadByItsDelimiter() throws {
        // Given the same two users separated by semicolons and by tabs, a name holding a comma
        let semicolons = "LINE UID;Name;Phone\nU1;\"Li, Lei\";886911223344\nU2;Bo;886911223355\n"

        for text in [semicolons, semicolons.replacingOccurrences(of: ";", with: "\t")] {
            // When it is validated
            let report = try validate(text)

            // Then both rows are valid, each cell in its column
            #expect(report.errors.isEmpty)
            #expect(report.rows.map(\.userID) == ["U1", "U2"])
            #expect(report.rows.map(\.phone) == ["886911223344", "886911223355"])
        }
    }

    @Test func internationalDigitsAreKeptAsTheyAreAndALocalMobileNeedsItsCountryCode() throws {
        // Given a CN tenant's file with international numbers, a local 11-digit mobile, and 16 digits
        let validator = ImportValidator(
            channel: .line, tenant: "dev", normalizer: IdentifierNormalizer(defaultCountry: "CN"), attributes: [])
        let csv = """
            LINE UID,Phone
            U1,8613800000001
            U2,886911223344
            U3,13800000001
            U4,8869112233445566
            """

        // When it is validated
        let report = try validator.validate(try SocialCSV(bytes: Array(csv.utf8)), db: nil)

        // Then the international numbers are kept as written, and the others are errors saying why
        #expect(report.rows.map(\.phone) == ["8613800000001", "886911223344"])
        #expect(report.errors.map(\.row) == [4, 5])
        #expect(report.errors[0].reason == "has no country code: write it in international format (8613800000001)")
        #expect(report.errors[1].reason == "has 16 digits; a phone has 8 to 15")
    }

    @Test func everyErrorIsListedNotOnlyTheFirst() throws {
        // Given rows missing the user id, repeating one, with a bad e-mail, a bad number and half an OMO binding
        let csv = """
            LINE UID,Email,Points,Binding Teammate,Store Location Code
            ,a@example.com,1,,
            U1,not-an-email,2,,
            U1,b@example.com,x,,
            U2,c@example.com,3,T1,
            """

        // When it is validated
        let report = try validate(csv)

        // Then each problem is named by row, column and reason
        let found = report.errors.map { "\($0.row!) \($0.field!)" }
        #expect(found == ["2 LINE UID", "3 Email", "4 Points", "4 LINE UID", "5 Store Location Code"])
        #expect(report.errors[3].reason == "repeats row 3")
        #expect(report.total == 4)
        #expect(report.rows.isEmpty)
    }

    @Test func unknownColumnsAndAMissingUserIDColumnAreHeaderErrors() throws {
        // Given a header with an undefined attribute and no LINE UID
        let report = try validate("Name,Favourite colour\nAda,red\n")

        // Then both are errors of row 1
        #expect(report.errors.map(\.field) == ["Favourite colour", "LINE UID"])
        #expect(report.errors.allSatisfy { $0.row == 1 })
    }

    @Test func quotedCellsAndByteOrderMarkAreRead() throws {
        // Given a UTF-8 file with a byte-order mark, CRLF line ends and a quoted cell holding a comma and a quote
        let bytes: [UInt8] =
            [0xEF, 0xBB, 0xBF] + Array("LINE UID,Name,Tags\r\nU1,\"Wu, \"\"Ada\"\"\",\"vip;new\"\r\n".utf8)

        // When it is validated
        let report = try validator.validate(try SocialCSV(bytes: bytes), db: nil)

        // Then the row is read whole
        #expect(report.errors.isEmpty)
        #expect(report.rows.first?.name == "Wu, \"Ada\"")
        #expect(report.rows.first?.tags == ["vip", "new"])
    }
}
