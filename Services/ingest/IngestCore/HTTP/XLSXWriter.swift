import Foundation
import RosterRuntime
import ZIPFoundation

/// Writes a one-sheet .xlsx workbook of text cells (inline strings), for the import templates.
enum XLSXWriter {
    /// The workbook's bytes, with `rows` on its only sheet.
    static func workbook(sheetName: String, rows: [[String]]) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for (path, text) in WorkbookParts.parts(sheetNames: [sheetName]) + [(WorkbookParts.sheetPath(1), sheet(rows))] {
            let data = Data(text.utf8)
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate
            ) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return archive.data ?? Data()
    }

    private static func sheet(_ rows: [[String]]) -> String {
        let sheetRows = rows.enumerated().map { index, cells in
            let row = index + 1
            let xmlCells = cells.enumerated().map { column, text in
                #"<c r="\#(WorkbookParts.columnName(column))\#(row)" t="inlineStr"><is><t xml:space="preserve">\#(WorkbookParts.escaped(text))</t></is></c>"#
            }
            return #"<row r="\#(row)">\#(xmlCells.joined())</row>"#
        }
        return WorkbookParts.xmlDeclaration + #"<worksheet xmlns="\#(WorkbookParts.mainNamespace)"><sheetData>"#
            + sheetRows.joined() + "</sheetData></worksheet>"
    }
}
