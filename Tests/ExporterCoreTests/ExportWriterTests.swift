import Foundation
import RosterModel
import RosterTestSupport
import Testing

@testable import ExporterCore

@Suite("CSV and XLSX export writers")
struct ExportWriterTests {
    let columns = [
        ExportColumn(key: "contact_id", label: "联系人ID", type: .text),
        ExportColumn(key: "name", label: "姓名", type: .text),
        ExportColumn(key: "mobile", label: "手机号", type: .text),
        ExportColumn(key: "email", label: "邮箱", type: .text),
        ExportColumn(key: "member_points", label: "会员积分", type: .number),
        ExportColumn(key: "member_day", label: "会员日", type: .date),
        ExportColumn(key: "created_at", label: "创建时间", type: .datetime),
        ExportColumn(key: "vip", label: "VIP", type: .boolean),
    ]

    var contacts: [ProfileSnapshot] {
        [
            ExportFiles.snapshot(
                "c1",
                attributes: [
                    "name": .string("Ann \"the first\", of Shanghai"), "mobile": .string("8613800000001"),
                    "member_points": .int(1280), "member_day": .string("2026-03-14"), "vip": .bool(true),
                ],
                identifiers: ["mobile": ["8613800000001"], "email": ["ann@example.com", "ann@work.example"]]),
            ExportFiles.snapshot(
                "c2",
                attributes: [
                    "name": .string("张伟\nline two 😀"), "member_points": .double(-12.5),
                    "created_at": .string("2026-03-01T15:30:00.250Z"), "vip": .bool(false),
                ]),
        ]
    }

    @Test func csvReadsBackWithTheByteOrderMarkLabelsAndExactValues() throws {
        // Given two contacts with commas, quotes, line breaks, Chinese text, two e-mail identifiers and typed values
        let directory = try TemporaryDirectory()

        // When they are written as CSV and parsed back
        let path = try ExportFiles.write(.csv, columns: columns, snapshots: contacts, in: directory)
        let rows = try ExportFiles.csvRows(path)

        // Then the heading is the labels, and every value comes back exactly: identifiers where the attribute is
        // missing (both e-mails), the snapshot's created_at, numbers and booleans as written
        #expect(rows.count == 3)
        #expect(rows[0] == ["联系人ID", "姓名", "手机号", "邮箱", "会员积分", "会员日", "创建时间", "VIP"])
        #expect(
            rows[1] == [
                "c1", "Ann \"the first\", of Shanghai", "8613800000001", "ann@example.com; ann@work.example", "1280",
                "2026-03-14", "2026-03-01T08:00:00Z", "true",
            ])
        #expect(rows[2] == ["c2", "张伟\nline two 😀", "", "", "-12.5", "", "2026-03-01T15:30:00.250Z", "false"])
    }

    @Test func csvNeutralisesFormulaTextButKeepsNumbers() throws {
        // Given text cells that a spreadsheet would run as formulas, and a negative number
        let directory = try TemporaryDirectory()
        let dangerous = ["=HYPERLINK(\"http://x.example\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\tlead", "\rlead"]
        let snapshots = dangerous.enumerated().map { index, text in
            ExportFiles.snapshot("c\(index)", attributes: ["name": .string(text), "member_points": .int(-5)])
        }
        let columns = [columns[1], columns[4]]

        // When they are written as CSV and read back
        let path = try ExportFiles.write(.csv, columns: columns, snapshots: snapshots, in: directory)
        let rows = try ExportFiles.csvRows(path)

        // Then each text starts with an apostrophe (inert), the rest unchanged, and the number stays -5
        #expect(rows.dropFirst().map { $0[0] } == dangerous.map { "'" + $0 })
        #expect(rows.dropFirst().allSatisfy { $0[1] == "-5" })
        let raw = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
        #expect(raw.contains("\r\n\"'=HYPERLINK(\"\"http://x.example\"\",\"\"y\"\")\",-5\r\n"))
    }

    @Test func xlsxReadsBackWithNumbersDatesPhonesAsTextAndBooleans() throws {
        // Given the same two contacts
        let directory = try TemporaryDirectory()

        // When they are written as XLSX and the sheet is read back
        let path = try ExportFiles.write(.xlsx, columns: columns, snapshots: contacts, in: directory)
        let sheet = try ExportFiles.xlsx(path)

        // Then the heading row is inline text, numbers are numbers, the phone is text, dates are date serials with
        // the date styles, booleans are booleans, and text keeps its quotes, commas, line breaks and emoji
        #expect(sheet.rows.count == 3)
        #expect(sheet.rows[0].map(\.text) == ["联系人ID", "姓名", "手机号", "邮箱", "会员积分", "会员日", "创建时间", "VIP"])
        #expect(sheet.rows[0].allSatisfy { $0.type == "inlineStr" })
        typealias Cell = ExportFiles.SheetCell
        #expect(
            sheet.rows[1] == [
                Cell(reference: "A2", type: "inlineStr", text: "c1"),
                Cell(reference: "B2", type: "inlineStr", text: "Ann \"the first\", of Shanghai"),
                Cell(reference: "C2", type: "inlineStr", text: "8613800000001"),
                Cell(reference: "D2", type: "inlineStr", text: "ann@example.com; ann@work.example"),
                Cell(reference: "E2", text: "1280"),
                Cell(reference: "F2", style: "1", text: "46095"),
                Cell(reference: "G2", style: "2", text: "46082.333333333336"),
                Cell(reference: "H2", type: "b", text: "1"),
            ])
        #expect(
            sheet.rows[2] == [
                Cell(reference: "A3", type: "inlineStr", text: "c2"),
                Cell(reference: "B3", type: "inlineStr", text: "张伟\nline two 😀"),
                Cell(reference: "E3", text: "-12.5"),
                Cell(reference: "G3", style: "2", text: "46082.64583622685"),
                Cell(reference: "H3", type: "b", text: "0"),
            ])
    }

    @Test func xlsxWritesFormulaTextAsInertInlineStrings() throws {
        // Given text that starts like a formula, with a carriage return and markup characters
        let directory = try TemporaryDirectory()
        let texts = ["=1+2", "@cmd <b>&amp;</b>", "\rcr"]
        let snapshots = texts.enumerated().map { ExportFiles.snapshot("c\($0)", attributes: ["name": .string($1)]) }

        // When it is written as XLSX
        let path = try ExportFiles.write(.xlsx, columns: [columns[1]], snapshots: snapshots, in: directory)
        let sheet = try ExportFiles.xlsx(path)

        // Then each is an inline string with the exact text and no formula
        #expect(sheet.rows.dropFirst().map { $0.first?.text } == texts)
        #expect(sheet.rows.joined().allSatisfy { $0.type == "inlineStr" && !$0.formula })
    }

    @Test func xlsxIsACompleteWorkbookWithDateStyles() throws {
        // Given an empty export
        let directory = try TemporaryDirectory()

        // When it is written as XLSX
        let path = try ExportFiles.write(.xlsx, columns: columns, snapshots: [], in: directory)
        let workbook = try ExportFiles.xlsx(path)

        // Then it has every part a spreadsheet program needs, the styles define the two date formats, and the sheet
        // has only its heading row
        #expect(
            workbook.parts == [
                "[Content_Types].xml", "_rels/.rels", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/workbook.xml",
                "xl/worksheets/sheet1.xml",
            ])
        let styles = try ExportFiles.part("xl/styles.xml", of: path)
        #expect(styles.contains(#"<numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>"#))
        #expect(
            styles.contains(#"<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#))
        let types = try ExportFiles.part("[Content_Types].xml", of: path)
        #expect(types.contains(#"PartName="/xl/styles.xml""#))
        #expect(workbook.rows.count == 1)
    }

    @Test func excelDateSerialsMatchExcelsCalendar() {
        // Given dates and times as attributes hold them
        func date(_ text: String) -> Int? { Array(text.utf8).withUnsafeBytes { ExcelDate.serial(date: $0) } }
        func time(_ text: String) -> Double? { Array(text.utf8).withUnsafeBytes { ExcelDate.serial(dateTime: $0) } }

        // Then they give Excel's serial numbers, offsets are turned into UTC, and what is not a date gives nil
        #expect(date("1900-03-01") == 61)
        #expect(date("1970-01-01") == 25569)
        #expect(date("2000-01-01") == 36526)
        #expect(date("1900-02-28") == nil)
        #expect(date("2026-13-01") == nil)
        #expect(date("not a date") == nil)
        #expect(time("2000-01-01T12:00:00Z") == 36526.5)
        #expect(time("2000-01-01T20:00:00+08:00") == 36526.5)
        #expect(time("2000-01-01") == 36526)
        #expect(time("2000-01-01T12:00:00 UTC") == nil)
    }

    @Test func sha256MatchesTheStandardVectors() throws {
        // Given files with the FIPS 180-2 test messages
        let directory = try TemporaryDirectory()
        func digest(_ bytes: [UInt8]) throws -> String {
            let path = (directory.path as NSString).appendingPathComponent(UUID().uuidString)
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            return try FileChecksum.sha256(ofFile: path)
        }

        // Then their digests are the published ones
        #expect(try digest([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(try digest(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            try digest(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(
            try digest([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}
