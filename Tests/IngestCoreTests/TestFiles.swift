import Foundation
import RosterRuntime
import RosterTestSupport
import ZIPFoundation

@testable import IngestCore

/// Files for import tests: bytes written to a temporary folder, and .xlsx workbooks built directly with
/// ZIPFoundation (shared strings, inline strings, number cells and number cells in a style).
enum TestFiles {
    /// Writes bytes to a new file in `directory`; returns its path.
    static func write(_ bytes: [UInt8], in directory: TemporaryDirectory, name: String = UUID().uuidString) -> String {
        let path = (directory.path as NSString).appendingPathComponent(name)
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    /// A cell of a test workbook.
    enum Cell {
        case shared(String)
        case inline(String)
        case number(String)
        /// A number in the cell style at `style` of the workbook's `cellXfs`.
        case styled(String, style: Int)
    }

    /// An .xlsx workbook whose first sheet has `rows` (sheet row number → cells by column letter), plus a second
    /// sheet that must never be read.
    static func workbook(
        _ rows: [(row: Int, cells: [(column: String, cell: Cell)])], styles: String? = nil
    ) throws -> Data {
        var shared: [String] = []
        let sheetRows = rows.map { row in
            let cells = row.cells.map { column, cell -> String in
                let reference = "\(column)\(row.row)"
                switch cell {
                case .shared(let text):
                    shared.append(text)
                    return #"<c r="\#(reference)" t="s"><v>\#(shared.count - 1)</v></c>"#
                case .inline(let text):
                    return #"<c r="\#(reference)" t="inlineStr"><is><t>\#(text)</t></is></c>"#
                case .number(let text):
                    return #"<c r="\#(reference)"><v>\#(text)</v></c>"#
                case .styled(let text, let style):
                    return #"<c r="\#(reference)" s="\#(style)"><v>\#(text)</v></c>"#
                }
            }
            return #"<row r="\#(row.row)">\#(cells.joined())</row>"#
        }
        return try workbook(sheetData: sheetRows.joined(), sharedStrings: shared, styles: styles)
    }

    /// An .xlsx workbook whose first sheet's `<sheetData>` holds `sheetData` as it is, with `styles` as the inside
    /// of its `xl/styles.xml` when given.
    static func workbook(sheetData: String, sharedStrings shared: [String] = [], styles: String? = nil) throws -> Data {
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let rels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        var parts: [(String, String)] = [
            (
                "xl/workbook.xml",
                #"<workbook xmlns="\#(main)" xmlns:r="\#(rels)"><sheets><sheet name="Data" sheetId="1" r:id="rId7"/>"#
                    + #"<sheet name="Other" sheetId="2" r:id="rId8"/></sheets></workbook>"#
            ),
            (
                "xl/_rels/workbook.xml.rels",
                #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
                    + #"<Relationship Id="rId8" Type="\#(rels)/worksheet" Target="worksheets/sheet1.xml"/>"#
                    + #"<Relationship Id="rId7" Type="\#(rels)/worksheet" Target="/xl/worksheets/data.xml"/>"#
                    + #"<Relationship Id="rId9" Type="\#(rels)/sharedStrings" Target="sharedStrings.xml"/>"#
                    + "</Relationships>"
            ),
            (
                "xl/sharedStrings.xml",
                #"<sst xmlns="\#(main)">"# + shared.map { "<si><t>\($0)</t></si>" }.joined() + "</sst>"
            ),
            (
                "xl/worksheets/data.xml",
                #"<worksheet xmlns="\#(main)"><sheetData>"# + sheetData + "</sheetData></worksheet>"
            ),
            (
                "xl/worksheets/sheet1.xml",
                #"<worksheet xmlns="\#(main)"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>wrong sheet</t></is></c></row></sheetData></worksheet>"#
            ),
        ]
        if let styles { parts.append(("xl/styles.xml", #"<styleSheet xmlns="\#(main)">"# + styles + "</styleSheet>")) }
        let archive = try Archive(accessMode: .create)
        for (path, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate
            ) { position, size in data.subdata(in: Int(position)..<Int(position) + size) }
        }
        return archive.data!
    }

    /// The workbook with the CRC-32 recorded for `part` changed, as a damaged file would have it.
    static func damagingChecksum(of part: String, in workbook: Data) -> [UInt8] {
        var bytes = [UInt8](workbook)
        let name = Array(part.utf8)
        // The name follows a local file header (30 bytes, CRC at 14) and a central directory header (46, CRC at 16).
        for start in bytes.indices where bytes[start...].starts(with: name) {
            let headers: [(size: Int, crcOffset: Int, signature: [UInt8])] = [
                (30, 14, [0x50, 0x4B, 0x03, 0x04]), (46, 16, [0x50, 0x4B, 0x01, 0x02]),
            ]
            for (headerSize, crcOffset, signature) in headers
            where start >= headerSize && bytes[(start - headerSize)...].starts(with: signature) {
                bytes[start - headerSize + crcOffset] ^= 0xFF
            }
        }
        return bytes
    }
}

/// Reads a file the way a preview does, collecting every verdict.
struct ScanResult {
    var counts = ImportCounts()
    var verdicts: [RowVerdict] = []
    var columns: [ImportColumn] = []
    var encoding: TextEncoding?

    /// Scans the file at `path`.
    static func scan(
        _ path: String, purpose: ImportPurpose = .add, encoding: TextEncoding? = nil,
        catalog: ImportCatalog = ImportCatalog()
    ) throws -> ScanResult {
        var result = ScanResult()
        let scanner = ImportScanner(
            path: path, format: try FileFormat.detect(path: path, fileName: "upload"), purpose: purpose,
            catalog: catalog)
        try scanner.scan(encoding: encoding) { mapping, used in
            result.columns = mapping.columns
            result.encoding = used
        } onRow: { _, verdict in
            result.counts.add(verdict.status)
            result.verdicts.append(verdict)
            return true
        }
        return result
    }

    /// Scans CSV text given as UTF-8.
    static func scan(csv: String, purpose: ImportPurpose = .add, catalog: ImportCatalog = ImportCatalog()) throws
        -> ScanResult
    {
        let directory = try TemporaryDirectory()
        return try scan(TestFiles.write(Array(csv.utf8), in: directory), purpose: purpose, catalog: catalog)
    }
}
