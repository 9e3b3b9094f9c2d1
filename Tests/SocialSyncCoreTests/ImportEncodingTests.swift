import Foundation
import RosterModel
import RosterRuntime
import RosterTestSupport
import Testing

@testable import SocialSyncCore

@Suite("Social import files in every encoding")
struct ImportEncodingTests {
    private let validator = ImportValidator(
        channel: .line, tenant: "dev", normalizer: IdentifierNormalizer(defaultCountry: "TW"), attributes: [])
    private let simplified = "LINE UID,Name,Tags\nU1,张三丰,会员\nU2,李四光明,新客;会员\n"
    private let traditional = "LINE UID,Name,Tags\nU1,張三豐,會員\nU2,李四光明,新客;會員\n"

    private func validate(_ bytes: [UInt8], encoding: TextEncoding? = nil) throws -> ImportValidator.Report {
        try validator.validate(try SocialCSV(bytes: bytes, encoding: encoding), db: nil)
    }

    @Test func aGBKFileIsDetectedAndReadAsItsText() throws {
        // Given a file saved in GBK (GB18030) by a spreadsheet
        let bytes = EncodedText.bytes(simplified, as: .gb18030)

        // When it is validated with no encoding named
        let report = try validate(bytes)

        // Then it was read as GB18030, and names and tags are the text written
        #expect(report.encoding == .gb18030)
        #expect(report.errors.isEmpty)
        #expect(report.rows.map(\.name) == ["张三丰", "李四光明"])
        #expect(report.rows.map(\.tags) == [["会员"], ["新客", "会员"]])
    }

    @Test func aBig5FileIsDetectedAndReadAsItsText() throws {
        // Given a file saved in Big5
        let bytes = EncodedText.bytes(traditional, as: .big5)

        // When it is validated with no encoding named
        let report = try validate(bytes)

        // Then it was read as Big5
        #expect(report.encoding == .big5)
        #expect(report.errors.isEmpty)
        #expect(report.rows.map(\.name) == ["張三豐", "李四光明"])
        #expect(report.rows.map(\.tags) == [["會員"], ["新客", "會員"]])
    }

    @Test(arguments: [
        (TextEncoding.utf16LE, [UInt8]([0xFF, 0xFE])), (.utf16LE, []), (.utf16BE, [0xFE, 0xFF]), (.utf16BE, []),
    ])
    func utf16FilesWithOrWithoutAByteOrderMarkAreRead(encoding: TextEncoding, mark: [UInt8]) throws {
        // Given a UTF-16 file, with or without its byte-order mark, with CRLF line ends
        let bytes = mark + EncodedText.bytes(simplified.replacingOccurrences(of: "\n", with: "\r\n"), as: encoding)

        // When it is validated with no encoding named
        let report = try validate(bytes)

        // Then it was read in that byte order, the mark not taken for text
        #expect(report.encoding == encoding)
        #expect(report.errors.isEmpty)
        #expect(report.rows.map(\.userID) == ["U1", "U2"])
        #expect(report.rows.map(\.name) == ["张三丰", "李四光明"])
    }

    @Test func aRowThatDoesNotDecodeIsInvalidNamingRowColumnAndReason() throws {
        // Given a UTF-8 file whose third row holds a name in GBK
        let bytes =
            Array("LINE UID,Name\nU1,Ann\nU2,".utf8) + EncodedText.bytes("张三", as: .gb18030) + Array("\nU3,Bo\n".utf8)

        // When it is read as UTF-8
        let report = try validate(bytes, encoding: .utf8)

        // Then only that row is invalid, on the Name column, with the text as far as it decodes and the reason
        #expect(report.rows.map(\.userID) == ["U1", "U3"])
        #expect(report.errors.count == 1)
        let error = try #require(report.errors.first)
        #expect(error.row == 3)
        #expect(error.field == "Name")
        #expect(error.value == "\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}")
        #expect(
            error.reason
                == "does not decode as UTF-8: name the file's encoding (utf-8, utf-16le, utf-16be, gb18030, big5) "
                + "or save it as CSV UTF-8, and upload it again")
    }

    @Test func anUndecodableUTF16CodeUnitMakesItsRowInvalid() throws {
        // Given a UTF-16LE file whose second row's name has a lone surrogate
        let bytes =
            [0xFF, 0xFE] + EncodedText.bytes("LINE UID,Name\nU1,A", as: .utf16LE) + [0x00, 0xD8]
            + EncodedText.bytes("B\nU2,Cy\n", as: .utf16LE)

        // When it is validated
        let report = try validate(bytes)

        // Then row 2 is invalid on Name and row 3 is read
        #expect(report.errors.map { "\($0.row!) \($0.field!)" } == ["2 Name"])
        #expect(report.errors.first?.reason.hasPrefix("does not decode as UTF-16LE") == true)
        #expect(report.rows.map(\.userID) == ["U2"])
    }

    @Test func aNamedEncodingWinsOverTheGuess() throws {
        // Given a GBK file
        let bytes = EncodedText.bytes(simplified, as: .gb18030)

        // When it is read as UTF-8 because the caller said so
        let report = try validate(bytes, encoding: .utf8)

        // Then every row with Chinese text is invalid on its Name and Tags columns rather than read as mojibake
        #expect(report.encoding == .utf8)
        #expect(report.errors.map { "\($0.row!) \($0.field!)" } == ["2 Name", "2 Tags", "3 Name", "3 Tags"])
        #expect(report.rows.isEmpty)
    }

    @Test func anUndecodableHeaderIsAnErrorOfRowOne() throws {
        // Given a Big5 header read as UTF-8
        let bytes = EncodedText.bytes("LINE UID,姓名\nU1,Ann\n", as: .big5)

        // When it is validated
        let report = try validate(bytes, encoding: .utf8)

        // Then row 1's second column is the one error, its ASCII trail bytes showing between replacement characters
        #expect(report.errors.map { "\($0.row!) \($0.field!)" } == ["1 \u{FFFD}m\u{FFFD}W"])
        #expect(report.total == 0)
    }

    @Test func theJobKeepsTheFileAsUTF8() throws {
        // Given a GBK file and a UTF-16 one with a byte-order mark
        let gbk = EncodedText.bytes(simplified, as: .gb18030)
        let utf16 = [0xFF, 0xFE] + EncodedText.bytes(simplified, as: .utf16LE)

        // Then both are kept as the same UTF-8 text, which reads back as UTF-8
        #expect(try SocialCSV.utf8(gbk, encoding: .gb18030) == Array(simplified.utf8))
        #expect(try SocialCSV.utf8(utf16, encoding: .utf16LE) == Array(simplified.utf8))
        #expect(try SocialCSV(bytes: SocialCSV.utf8(gbk, encoding: .gb18030)).encoding == .utf8)
    }
}
