import Foundation
import RosterModel
import RosterRuntime
import RosterTestSupport
import Testing

@testable import IngestCore

@Suite("Reading the first sheet of an .xlsx workbook")
struct XLSXReaderTests {
    @Test func sharedInlineAndNumberCellsAreReadFromTheFirstSheetOnly() throws {
        // Given a workbook whose first sheet (by the workbook's order, not the file name) has a header, three rows
        // and a skipped row
        let data = try TestFiles.workbook([
            (1, [("A", .shared("mobile")), ("B", .shared("name")), ("C", .inline("member_points"))]),
            (2, [("A", .number("13800000001")), ("B", .shared("张三")), ("C", .number("12"))]),
            (3, [("A", .number("8.86911E+11")), ("B", .inline("Lee"))]),
            (5, [("A", .inline("13800000005")), ("C", .number("7.5"))]),
        ])
        let directory = try TemporaryDirectory()
        let path = TestFiles.write(Array(data), in: directory)

        // When it is scanned
        let result = try ScanResult.scan(path)

        // Then rows 1, 2, 4 hold data, row 3 (skipped by the sheet) is empty, and the rounded phone is refused
        #expect(try FileFormat.detect(path: path) == .xlsx)
        #expect(result.columns.map(\.key) == ["mobile", "name", "member_points"])
        #expect(result.verdicts.map(\.row) == [1, 2, 3, 4])
        #expect(result.verdicts.map(\.status) == [.importable, .invalid, .invalid, .importable])
        #expect(result.verdicts[0].content.attributes == ["name": .string("张三"), "member_points": .int(12)])
        #expect(result.verdicts[1].problems.first?.value == "8.86911E+11")
        #expect(result.verdicts[2].problems.map(\.reason) == ["is an empty row"])
        #expect(result.verdicts[3].content.attributes == ["member_points": .double(7.5)])
        #expect(result.counts == ImportCounts(total: 4, duplicate: 0, invalid: 2, importable: 2))
    }

    @Test func aDateColumnRefusesASpreadsheetDateNumber() throws {
        let data = try TestFiles.workbook([
            (1, [("A", .inline("mobile")), ("B", .inline("member_day"))]),
            (2, [("A", .inline("13800000001")), ("B", .number("46000"))]),
        ])
        let directory = try TemporaryDirectory()

        let result = try ScanResult.scan(TestFiles.write(Array(data), in: directory))

        #expect(
            result.verdicts[0].problems.map(\.reason) == [
                "is a spreadsheet date number; format the column as text (YYYY-MM-DD) and upload again"
            ])
    }

    @Test func columnLettersBecomeIndexes() {
        #expect(XLSXSheetParser.columnIndex(of: "A1") == 0)
        #expect(XLSXSheetParser.columnIndex(of: "Z9") == 25)
        #expect(XLSXSheetParser.columnIndex(of: "AA10") == 26)
        #expect(XLSXWriter.columnName(27) == "AB")
    }

    @Test func aFileThatIsNotAWorkbookIsRefusedClearly() throws {
        let directory = try TemporaryDirectory()
        let path = TestFiles.write([0x50, 0x4B, 0x03, 0x04, 1, 2, 3], in: directory)
        #expect(throws: (any Error).self) { try ScanResult.scan(path) }
    }
}
