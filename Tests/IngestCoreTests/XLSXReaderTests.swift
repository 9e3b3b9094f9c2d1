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
        #expect(try FileFormat.detect(path: path, fileName: "contacts.xlsx") == .xlsx)
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

    @Test func numbersInDateStylesAreReadAsTheDatesExcelShows() throws {
        // Given a workbook as Excel saves typed dates: serials in a built-in date style, a custom date-time style, and
        // a plain number style
        let styles =
            #"<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy/mm/dd hh:mm"/></numFmts>"#
            + #"<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="2"/></cellXfs>"#
        let data = try TestFiles.workbook(
            [
                (
                    1,
                    [
                        ("A", .inline("mobile")), ("B", .inline("member_day")), ("C", .inline("created_at")),
                        ("D", .inline("member_points")),
                    ]
                ),
                (
                    2,
                    [
                        ("A", .inline("13800000001")), ("B", .styled("46146", style: 1)),
                        ("C", .styled("46327.4375", style: 2)), ("D", .styled("12.5", style: 3)),
                    ]
                ),
            ], styles: styles)
        let directory = try TemporaryDirectory()

        // When it is previewed
        let result = try ScanResult.scan(TestFiles.write(Array(data), in: directory))

        // Then the date and the time are the ones Excel shows, and the number stays a number
        #expect(result.verdicts[0].problems.isEmpty)
        #expect(
            result.verdicts[0].content.attributes == [
                "member_day": .string("2026-05-04"), "created_at": .string("2026-11-01T10:30:00Z"),
                "member_points": .double(12.5),
            ])
    }

    @Test func columnLettersBecomeIndexes() {
        #expect(XLSXSheetParser.columnIndex(of: "A1") == 0)
        #expect(XLSXSheetParser.columnIndex(of: "Z9") == 25)
        #expect(XLSXSheetParser.columnIndex(of: "AA10") == 26)
        #expect(WorkbookParts.columnName(27) == "AB")
    }

    @Test func aSheetOfManyChunksIsReadInOrder() throws {
        // Given a workbook whose sheet inflates to several chunks of the inflating thread
        let rows = (2...6001).map { row in
            #"<row r="\#(row)"><c r="A\#(row)" t="inlineStr"><is><t>\#(13_800_000_000 + row)</t></is></c>"#
                + #"<c r="B\#(row)" t="s"><v>\#(row % 2)</v></c></row>"#
        }
        let header =
            #"<row r="1"><c r="A1" t="inlineStr"><is><t>mobile</t></is></c><c r="B1" t="inlineStr"><is><t>name</t></is></c></row>"#
        let data = try TestFiles.workbook(sheetData: header + rows.joined(), sharedStrings: ["Ann", "Bob"])
        #expect(rows.joined().utf8.count > ZipEntryChunks.chunkSize * 2)
        let directory = try TemporaryDirectory()

        // When it is scanned
        let result = try ScanResult.scan(TestFiles.write(Array(data), in: directory))

        // Then every row is read once, in order, with its shared string
        #expect(result.counts == ImportCounts(total: 6000, duplicate: 0, invalid: 0, importable: 6000))
        #expect(result.verdicts.map(\.row) == Array(1...6000))
        #expect(result.verdicts[0].content.identifiers == ["mobile": "13800000002"])
        #expect(result.verdicts[0].content.attributes == ["name": .string("Ann")])
        #expect(result.verdicts[5999].content.attributes == ["name": .string("Bob")])
    }

    @Test func aSheetWhoseChecksumDoesNotMatchIsRefused() throws {
        // Given a workbook whose sheet's recorded CRC-32 is not that of its contents
        let data = try TestFiles.workbook([(1, [("A", .inline("mobile"))]), (2, [("A", .inline("13800000001"))])])
        let directory = try TemporaryDirectory()
        let path = TestFiles.write(TestFiles.damagingChecksum(of: "xl/worksheets/data.xml", in: data), in: directory)

        // When it is scanned, then it is refused, naming the part
        let error = try #require(throws: RosterError.self) { try ScanResult.scan(path) }
        #expect(error.code == "unreadable_spreadsheet")
        #expect(
            error.message
                == "the file is not a readable .xlsx workbook: xl/worksheets/data.xml is damaged: its CRC-32 does not match its contents"
        )
    }

    @Test func aZipBombIsRefusedBeforeItInflates() throws {
        // Given a workbook whose sheet is a million empty rows, which deflate to about a thousandth of their size
        let data = try TestFiles.workbook(sheetData: String(repeating: "<row/>", count: 1_000_000))
        #expect(data.count < 100_000)
        let directory = try TemporaryDirectory()

        // When it is scanned, then it is refused as a bomb
        let error = try #require(throws: RosterError.self) {
            try ScanResult.scan(TestFiles.write(Array(data), in: directory))
        }
        #expect(error.code == "unreadable_spreadsheet")
        #expect(
            error.message
                == "the file is not a readable .xlsx workbook: xl/worksheets/data.xml inflates to more than 100 times its packed size: it looks like a zip bomb"
        )
    }

    @Test func aFileThatIsNotAWorkbookIsRefusedClearly() throws {
        let directory = try TemporaryDirectory()
        let path = TestFiles.write([0x50, 0x4B, 0x03, 0x04, 1, 2, 3], in: directory)
        #expect(throws: (any Error).self) { try ScanResult.scan(path) }
    }
}
