import Foundation
import ZIPFoundation

/// Writes a one-sheet .xlsx workbook of text cells (inline strings), for the import templates.
enum XLSXWriter {
    /// The workbook's bytes, with `rows` on its only sheet.
    static func workbook(sheetName: String, rows: [[String]]) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for (path, text) in parts(sheetName: sheetName, rows: rows) {
            let data = Data(text.utf8)
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate
            ) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return archive.data ?? Data()
    }

    private static func parts(sheetName: String, rows: [[String]]) -> [(String, String)] {
        let header = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        let package = "http://schemas.openxmlformats.org/package/2006"
        let sheetRows = rows.enumerated().map { index, cells in
            let row = index + 1
            let xmlCells = cells.enumerated().map { column, text in
                #"<c r="\#(columnName(column))\#(row)" t="inlineStr"><is><t xml:space="preserve">\#(escaped(text))</t></is></c>"#
            }
            return #"<row r="\#(row)">\#(xmlCells.joined())</row>"#
        }
        return [
            (
                "[Content_Types].xml",
                header + #"<Types xmlns="\#(package)/content-types">"#
                    + #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
                    + #"<Default Extension="xml" ContentType="application/xml"/>"#
                    + #"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#
                    + #"<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
                    + "</Types>"
            ),
            (
                "_rels/.rels",
                header + #"<Relationships xmlns="\#(package)/relationships">"#
                    + #"<Relationship Id="rId1" Type="\#(relationships)/officeDocument" Target="xl/workbook.xml"/>"#
                    + "</Relationships>"
            ),
            (
                "xl/workbook.xml",
                header + #"<workbook xmlns="\#(main)" xmlns:r="\#(relationships)"><sheets>"#
                    + #"<sheet name="\#(escaped(sheetName))" sheetId="1" r:id="rId1"/></sheets></workbook>"#
            ),
            (
                "xl/_rels/workbook.xml.rels",
                header + #"<Relationships xmlns="\#(package)/relationships">"#
                    + #"<Relationship Id="rId1" Type="\#(relationships)/worksheet" Target="worksheets/sheet1.xml"/>"#
                    + "</Relationships>"
            ),
            (
                "xl/worksheets/sheet1.xml",
                header + #"<worksheet xmlns="\#(main)"><sheetData>"# + sheetRows.joined() + "</sheetData></worksheet>"
            ),
        ]
    }

    /// 0 → `A`, 26 → `AA`.
    static func columnName(_ index: Int) -> String {
        var name = ""
        var number = index + 1
        while number > 0 {
            let remainder = (number - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + remainder))) + name
            number = (number - 1) / 26
        }
        return name
    }

    private static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
