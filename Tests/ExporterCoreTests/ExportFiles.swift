import Foundation
import RosterModel
import RosterRuntime
import RosterTestSupport
import ZIPFoundation

@testable import ExporterCore

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Writes export files from snapshots the way a job does, and reads CSV and XLSX files back for assertions.
enum ExportFiles {
    /// A contact's snapshot with the given attributes (and identifiers, tags).
    static func snapshot(
        _ id: String, tenant: String = "dev", attributes: [String: JSONValue], identifiers: [String: [String]] = [:],
        tags: [String] = []
    ) -> ProfileSnapshot {
        ProfileSnapshot(
            tenant: tenant, contactId: id, eventId: "e-\(id)", identifiers: identifiers, attributes: attributes,
            tags: tags, subscriptions: Subscriptions(), createdAt: "2026-03-01T08:00:00Z",
            updatedAt: "2026-03-02T08:00:00Z")
    }

    /// Writes `snapshots` as a file of `columns` in `format` under `directory`; returns its path.
    static func write(
        _ format: ExportFormat, columns: [ExportColumn], snapshots: [ProfileSnapshot], in directory: TemporaryDirectory
    ) throws -> String {
        let path = (directory.path as NSString).appendingPathComponent("export.\(format.rawValue)")
        let writer: any ExportSheetWriter =
            switch format {
            case .csv: CSVExportWriter(sink: try ByteSink(path: path))
            case .xlsx: try XLSXExportWriter(path: path)
            }
        let scanner = SnapshotScanner(keys: columns.map(\.key))
        var found = SnapshotScanner.Found(width: scanner.width)
        try writer.begin(columns: columns)
        for snapshot in snapshots {
            let bytes = try WireCodec.encode(snapshot)
            try bytes.withUnsafeBytes { raw in
                try scanner.scan(raw, into: &found)
                try writer.write(columns.indices.map { found.cell($0) })
            }
        }
        try writer.finish()
        return path
    }

    /// Parses RFC 4180 CSV (after its byte-order mark) into rows of fields; fails when the mark is missing.
    static func csvRows(_ path: String) throws -> [[String]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard data.starts(with: [0xEF, 0xBB, 0xBF]) else { throw ReadError("no UTF-8 byte-order mark") }
        let text = String(decoding: data.dropFirst(3), as: UTF8.self)
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var index = text.unicodeScalars.startIndex
        let scalars = text.unicodeScalars
        while index < scalars.endIndex {
            let scalar = scalars[index]
            index = scalars.index(after: index)
            if quoted {
                if scalar == "\"" {
                    if index < scalars.endIndex && scalars[index] == "\"" {
                        field.unicodeScalars.append("\"")
                        index = scalars.index(after: index)
                    } else {
                        quoted = false
                    }
                } else {
                    field.unicodeScalars.append(scalar)
                }
            } else if scalar == "\"" {
                quoted = true
            } else if scalar == "," {
                row.append(field)
                field = ""
            } else if scalar == "\r" && index < scalars.endIndex && scalars[index] == "\n" {
                index = scalars.index(after: index)
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            } else {
                field.unicodeScalars.append(scalar)
            }
        }
        guard row.isEmpty && field.isEmpty else { throw ReadError("the last line does not end in CRLF") }
        return rows
    }

    /// One cell of a sheet as read back: its reference, type and style attributes, and its text.
    struct SheetCell: Equatable, CustomStringConvertible {
        var reference: String
        var type: String?
        var style: String?
        /// `<v>` for values, the `<t>` of an inline string.
        var text: String
        /// Whether the cell held a formula.
        var formula = false

        var description: String { "\(reference)[t=\(type ?? "-") s=\(style ?? "-")]=\(text)" }
    }

    /// The workbook's part names, and its first sheet's rows of cells.
    static func xlsx(_ path: String) throws -> (parts: [String], rows: [[SheetCell]]) {
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        let parts = archive.map(\.path).sorted()
        guard let entry = archive[WorkbookParts.sheetPath(1)] else { throw ReadError("no sheet1.xml") }
        var xml = Data()
        _ = try archive.extract(entry) { xml.append($0) }
        let parser = SheetParser()
        let reader = XMLParser(data: xml)
        reader.delegate = parser
        guard reader.parse() else {
            throw ReadError("sheet1.xml is not well-formed: \(String(describing: reader.parserError))")
        }
        return (parts, parser.rows)
    }

    /// Reads a zip part as text.
    static func part(_ name: String, of path: String) throws -> String {
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        guard let entry = archive[name] else { throw ReadError("no \(name)") }
        var data = Data()
        _ = try archive.extract(entry) { data.append($0) }
        return String(decoding: data, as: UTF8.self)
    }

    struct ReadError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// Collects `<row>`s of `<c>` cells from a worksheet.
    private final class SheetParser: NSObject, XMLParserDelegate {
        var rows: [[SheetCell]] = []
        private var cell: SheetCell?
        private var collecting = false
        private var row = 0
        private var column = 0

        /// The column index of a cell reference (`B7` → 1).
        static func columnIndex(of reference: String) -> Int {
            reference.unicodeScalars.prefix { $0.properties.isUppercase }.reduce(0) { $0 * 26 + Int($1.value) - 64 } - 1
        }

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            switch name {
            case "row":
                rows.append([])
                row = Int(attributes["r"] ?? "") ?? rows.count
                column = 0
            case "c":
                // A cell without a reference is the next column of its row, as spreadsheet programs read it.
                let reference = attributes["r"] ?? (WorkbookParts.columnName(column) + String(row))
                column = Self.columnIndex(of: reference) + 1
                cell = SheetCell(reference: reference, type: attributes["t"], style: attributes["s"], text: "")
            case "v", "t": collecting = true
            case "f": cell?.formula = true
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if collecting { cell?.text += string }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            switch name {
            case "v", "t": collecting = false
            case "c":
                if let cell { rows[rows.count - 1].append(cell) }
                cell = nil
            default: break
            }
        }
    }
}
