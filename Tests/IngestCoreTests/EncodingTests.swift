import Foundation
import RosterModel
import RosterRuntime
import RosterTestSupport
import Testing

@testable import IngestCore

@Suite("Encoding detection and strict decoding")
struct EncodingTests {
    let chinese = "手机号,姓名\n13800000001,张三丰\n13800000002,李四光明\n"
    let traditional = "手機號,姓名\n13800000001,張三豐\n13800000002,李四光明\n"

    @Test func byteOrderMarksDecideTheEncoding() {
        #expect(
            EncodingDetector.detect([0xEF, 0xBB, 0xBF, 0x61], isWholeFile: true) == .init(encoding: .utf8, bomLength: 3)
        )
        #expect(
            EncodingDetector.detect([0xFF, 0xFE, 0x61, 0], isWholeFile: true) == .init(encoding: .utf16LE, bomLength: 2)
        )
        #expect(
            EncodingDetector.detect([0xFE, 0xFF, 0, 0x61], isWholeFile: true) == .init(encoding: .utf16BE, bomLength: 2)
        )
    }

    @Test func utf16WithoutAMarkIsFoundByItsNulBytes() {
        #expect(
            EncodingDetector.detect(EncodedText.bytes(chinese, as: .utf16LE), isWholeFile: true).encoding == .utf16LE)
        #expect(
            EncodingDetector.detect(EncodedText.bytes(chinese, as: .utf16BE), isWholeFile: true).encoding == .utf16BE)
    }

    @Test func validUtf8IsUtf8EvenWhenTheSampleCutsACharacter() {
        let bytes = Array(chinese.utf8)
        #expect(EncodingDetector.detect(bytes, isWholeFile: true).encoding == .utf8)
        #expect(EncodingDetector.detect(Array(bytes.prefix(14)), isWholeFile: false).encoding == .utf8)
    }

    @Test func gb18030AndBig5AreToldApart() {
        #expect(
            EncodingDetector.detect(EncodedText.bytes(chinese, as: .gb18030), isWholeFile: true).encoding == .gb18030)
        #expect(EncodingDetector.detect(EncodedText.bytes(traditional, as: .big5), isWholeFile: true).encoding == .big5)
    }

    @Test func gb18030FileDecodesToTheSameRows() throws {
        let directory = try TemporaryDirectory()
        let path = TestFiles.write(EncodedText.bytes(chinese, as: .gb18030), in: directory)

        let result = try ScanResult.scan(path)

        #expect(result.encoding == .gb18030)
        #expect(result.columns.map(\.key) == ["mobile", "name"])
        #expect(result.verdicts.map(\.content.attributes) == [["name": .string("张三丰")], ["name": .string("李四光明")]])
        #expect(result.counts == ImportCounts(total: 2, duplicate: 0, invalid: 0, importable: 2))
    }

    @Test func utf16FileWithAMarkDecodesToTheSameRows() throws {
        let directory = try TemporaryDirectory()
        let path = TestFiles.write([0xFF, 0xFE] + EncodedText.bytes(chinese, as: .utf16LE), in: directory)

        let result = try ScanResult.scan(path)

        #expect(result.encoding == .utf16LE)
        #expect(result.verdicts.map(\.content.identifiers) == [["mobile": "13800000001"], ["mobile": "13800000002"]])
        #expect(result.counts.importable == 2)
    }

    @Test func aRowThatDoesNotDecodeIsInvalidWithTheReason() throws {
        // Given a UTF-8 file whose second row holds a GBK name
        let directory = try TemporaryDirectory()
        let bytes =
            Array("mobile,name\n13800000001,Ann\n13800000002,".utf8) + EncodedText.bytes("张三", as: .gb18030)
            + Array("\n".utf8)
        let path = TestFiles.write(bytes, in: directory)

        // When it is read as UTF-8 (the first bytes are valid UTF-8)
        let result = try ScanResult.scan(path, encoding: .utf8)

        // Then the second row is invalid, naming the column, and nothing was repaired
        #expect(result.counts == ImportCounts(total: 2, duplicate: 0, invalid: 1, importable: 1))
        let problem = try #require(result.verdicts[1].problems.first)
        #expect(problem.row == 2)
        #expect(problem.field == "name")
        #expect(problem.reason == "does not decode as UTF-8; choose the file's encoding and preview again")
    }

    @Test func anOverrideWinsOverTheGuess() throws {
        let directory = try TemporaryDirectory()
        let path = TestFiles.write(EncodedText.bytes(chinese, as: .gb18030), in: directory)

        let source = try CSVSource(path: path, encoding: .big5)

        #expect(source.encoding == .big5)
    }

    @Test func encodingNamesPeopleTypeAreUnderstood() {
        #expect(TextEncoding(name: "GBK") == .gb18030)
        #expect(TextEncoding(name: "utf8") == .utf8)
        #expect(TextEncoding(name: "Big5") == .big5)
        #expect(TextEncoding(name: "latin1") == nil)
    }
}
