import Foundation
import RosterModel
import RosterRuntime
import RosterTestSupport
import Testing

@testable import ExporterCore

/// The workbook as other programs read it: Python's openpyxl (which `make test` installs when it is missing) opens
/// the file and reports each cell's type and value; LibreOffice, where it is installed, converts it to CSV with each
/// cell shown in its number format.
@Suite("XLSX exports read by openpyxl and LibreOffice")
struct XLSXInOtherProgramsTests {
    static let script = """
        import json, sys, openpyxl
        book = openpyxl.load_workbook(sys.argv[1])
        print(json.dumps([[[type(c.value).__name__ + ":" + (c.value.isoformat() if hasattr(c.value, "isoformat")
            else str(c.value)) for c in row] for row in sheet.iter_rows()] for sheet in book], ensure_ascii=False))
        """

    /// Contacts with a phone, a number, a date, a time with milliseconds, booleans and formula-like text.
    static let columns = [
        ExportColumn(key: "name", label: "姓名", type: .text),
        ExportColumn(key: "mobile", label: "手机号", type: .text),
        ExportColumn(key: "member_points", label: "会员积分", type: .number),
        ExportColumn(key: "member_day", label: "会员日", type: .date),
        ExportColumn(key: "created_at", label: "创建时间", type: .datetime),
        ExportColumn(key: "vip", label: "VIP", type: .boolean),
    ]
    static let contacts = [
        ExportFiles.snapshot(
            "c1",
            attributes: [
                "name": .string("=HYPERLINK(\"http://x\")"), "mobile": .string("8613800000001"),
                "member_points": .int(1280), "member_day": .string("2026-03-14"), "vip": .bool(true),
            ]),
        ExportFiles.snapshot(
            "c2",
            attributes: [
                "name": .string("张伟 😀"), "member_points": .double(-12.5),
                "created_at": .string("2026-03-01T15:30:00.250Z"), "vip": .bool(false),
            ]),
    ]

    @Test func openpyxlReadsPhonesAsTextNumbersAsNumbersAndTimesAsDates() throws {
        // Given the contacts exported as XLSX
        let directory = try TemporaryDirectory()

        // When openpyxl opens the file
        let path = try ExportFiles.write(.xlsx, columns: Self.columns, snapshots: Self.contacts, in: directory)
        let cells = try Self.openpyxlCells(path).first

        // Then it sees exactly the values, with their types (a contact's created time falls back to the snapshot's)
        #expect(
            cells == [
                ["str:姓名", "str:手机号", "str:会员积分", "str:会员日", "str:创建时间", "str:VIP"],
                [
                    "str:=HYPERLINK(\"http://x\")", "str:8613800000001", "int:1280", "datetime:2026-03-14T00:00:00",
                    "datetime:2026-03-01T08:00:00", "bool:True",
                ],
                [
                    "str:张伟 😀", "NoneType:None", "float:-12.5", "NoneType:None",
                    "datetime:2026-03-01T15:30:00.250000", "bool:False",
                ],
            ])
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/soffice")))
    func libreOfficeShowsTheSameValuesWithDatesInTheirFormats() throws {
        // Given the contacts exported as XLSX
        let directory = try TemporaryDirectory()
        let path = try ExportFiles.write(.xlsx, columns: Self.columns, snapshots: Self.contacts, in: directory)

        // When LibreOffice converts the workbook to CSV
        try Self.run(
            "/usr/bin/soffice", "-env:UserInstallation=file://\(directory.path)/profile", "--headless", "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", directory.path, path)
        let csv = try String(contentsOfFile: path.replacingOccurrences(of: ".xlsx", with: ".csv"), encoding: .utf8)

        // Then it shows the text as written (the phone whole, the formula inert), the numbers, the dates and times in
        // their formats, and the booleans
        #expect(
            csv.split(separator: "\n").map(String.init) == [
                "姓名,手机号,会员积分,会员日,创建时间,VIP",
                "\"=HYPERLINK(\"\"http://x\"\")\",8613800000001,1280,2026-03-14,2026-03-01 08:00:00,TRUE",
                "张伟 😀,,-12.5,,2026-03-01 15:30:00,FALSE",
            ])
    }

    private static func run(_ executable: String, _ arguments: String...) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw RosterError.invalid("\(executable) failed (exit \(process.terminationStatus))")
        }
    }

    @Test func aSheetFullToExcelsRowLimitContinuesOnTheNextWithItsHeading() throws {
        // Given five contacts and sheets of two rows (Excel's limit is 1,048,575 rows under the heading)
        let directory = try TemporaryDirectory()
        let path = (directory.path as NSString).appendingPathComponent("export.xlsx")
        let writer = try XLSXExportWriter(path: path, rowsPerSheet: 2)
        let scanner = SnapshotScanner(keys: ["name"])
        var found = SnapshotScanner.Found(width: 1)

        // When they are written and openpyxl opens the workbook
        try writer.begin(columns: [Self.columns[0]])
        for index in 1...5 {
            let bytes = try WireCodec.encode(
                ExportFiles.snapshot("c\(index)", attributes: ["name": .string("N\(index)")]))
            try bytes.withUnsafeBytes { raw in
                try scanner.scan(raw, into: &found)
                try writer.write([found.cell(0)])
            }
        }
        try writer.finish()
        let sheets = try Self.openpyxlCells(path)

        // Then there are three sheets, each with the heading and the next rows in order
        #expect(
            sheets == [
                [["str:姓名"], ["str:N1"], ["str:N2"]], [["str:姓名"], ["str:N3"], ["str:N4"]], [["str:姓名"], ["str:N5"]],
            ])
    }

    /// Each sheet's cells as `type:value`, as openpyxl reads the workbook at `path`.
    static func openpyxlCells(_ path: String) throws -> [[[String]]] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw RosterError.invalid("openpyxl could not read \(path) (exit \(process.terminationStatus))")
        }
        return try JSONDecoder().decode([[[String]]].self, from: data)
    }
}
