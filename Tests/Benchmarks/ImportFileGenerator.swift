import Foundation
import ZIPFoundation

/// Writes the import benchmark's files: a contact list with phone, e-mail, name and ten attributes, in which 2% of
/// rows repeat an earlier phone and 1% are malformed (a missing column or a number that is not one).
struct ImportFileGenerator {
    let rows: Int
    /// The index of the first data row: files with different starts hold different contacts.
    var start = 0

    static let header = [
        "mobile", "email", "name", "gender", "location", "member_points", "member_day", "order_count", "order_amount",
        "overall_rating", "activity_index", "spending_index", "email_engagement",
    ]

    /// The cells of data row `index` (0-based).
    func cells(_ index: Int) -> [String] {
        let phone = index % 50 == 49 ? index - 17 : index
        var cells = [
            String(13_800_000_000 + phone), "u\(index)@ex.cn", ResolverThroughputBenchmark.name(index),
            ["male", "female", "unknown"][index % 3], ["SH", "BJ", "Taipei", "SZ"][index % 4], String(index % 997),
            "2026-0\(1 + index % 9)-1\(index % 10)", String(index % 13), String(format: "%d.5", index % 900),
            String(index % 5), String(index % 100), String(index % 71), String(index % 9),
        ]
        switch index % 100 {
        case 37: cells.removeLast()
        case 73: cells[5] = "lots"
        default: break
        }
        return cells
    }

    /// How many rows the preview must count as duplicate and as invalid (duplicates included), by construction:
    /// rows 49 and 99 of every hundred repeat a phone, rows 37 and 73 are malformed.
    var expectedCounts: (duplicate: Int, invalid: Int) {
        let indexes = start..<(start + rows)
        let duplicate = indexes.filter { $0 % 50 == 49 }.count
        return (duplicate, duplicate + indexes.filter { [37, 73].contains($0 % 100) }.count)
    }

    /// Writes the CSV (UTF-8, no BOM) in 1 MiB chunks.
    func writeCSV(to path: String) throws {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        var buffer = Self.header.joined(separator: ",") + "\n"
        for index in start..<(start + rows) {
            buffer += cells(index).joined(separator: ",") + "\n"
            if buffer.utf8.count > 1 << 20 {
                try handle.write(contentsOf: Data(buffer.utf8))
                buffer = ""
            }
        }
        try handle.write(contentsOf: Data(buffer.utf8))
    }

    /// Writes the same rows as a one-sheet workbook with inline strings, streaming the sheet into the zip.
    func writeXLSX(to path: String) throws {
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        let parts = [
            (
                "[Content_Types].xml",
                #"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#
            ),
            (
                "_rels/.rels",
                #"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
            ),
            (
                "xl/workbook.xml",
                #"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Contacts" sheetId="1" r:id="rId1"/></sheets></workbook>"#
            ),
            (
                "xl/_rels/workbook.xml.rels",
                #"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#
            ),
        ]
        for (name, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(
                with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate,
                provider: { position, size in data.subdata(in: Int(position)..<Int(position) + size) })
        }
        let sheet = NSTemporaryDirectory() + "roster-bench-sheet-\(UUID().uuidString).xml"
        defer { try? FileManager.default.removeItem(atPath: sheet) }
        try writeSheet(to: sheet)
        try archive.addEntry(
            with: "xl/worksheets/sheet1.xml", fileURL: URL(fileURLWithPath: sheet), compressionMethod: .deflate)
    }

    private func writeSheet(to path: String) throws {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        var buffer =
            #"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#
        func row(_ number: Int, _ cells: [String]) {
            buffer += "<row r=\"\(number)\">"
            for cell in cells { buffer += "<c t=\"inlineStr\"><is><t>\(cell)</t></is></c>" }
            buffer += "</row>"
        }
        row(1, Self.header)
        for index in start..<(start + rows) {
            row(index - start + 2, cells(index))
            if buffer.utf8.count > 1 << 20 {
                try handle.write(contentsOf: Data(buffer.utf8))
                buffer = ""
            }
        }
        buffer += "</sheetData></worksheet>"
        try handle.write(contentsOf: Data(buffer.utf8))
    }
}
