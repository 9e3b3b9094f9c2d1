import Foundation
import ZIPFoundation

/// The first sheet of an .xlsx workbook as records. The sheet's XML is inflated and parsed as a stream, so memory
/// holds a few chunks and one row at a time (plus the workbook's shared strings table).
///
/// The header is the first row that has a value; data rows are numbered from it, and a row the sheet skips is an
/// empty row, as an empty line is in a CSV.
struct XLSXSource: RecordSource {
    var requiresExactWidth: Bool { false }
    var readsCheaply: Bool { false }
    private let archive: Archive
    private let sheetPath: String
    private let sharedStringsPath: String?
    private let dateStyles: XLSXDateStyles

    /// Opens the workbook at `path` and finds its first sheet.
    init(path: String) throws {
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw ImportError.malformedSpreadsheet("it is not a zip package")
        }
        let relationships = try Self.relationships(archive)
        let workbookXML = try Self.data(of: "xl/workbook.xml", in: archive)
        let workbook = try XMLElements.attributes(of: "sheet", in: workbookXML)
        guard let first = workbook.first else { throw ImportError.malformedSpreadsheet("the workbook has no sheet") }
        let id = first.first { $0.key.hasSuffix(":id") || $0.key == "id" }?.value
        sheetPath = id.flatMap { relationships[$0] } ?? "xl/worksheets/sheet1.xml"
        let shared = relationships.values.first { $0.hasSuffix("sharedStrings.xml") } ?? "xl/sharedStrings.xml"
        sharedStringsPath = archive[shared] == nil ? nil : shared
        let uses1904 = try XMLElements.attributes(of: "workbookPr", in: workbookXML).first.map {
            ["1", "true"].contains($0["date1904"])
        }
        let styles = relationships.values.first { $0.hasSuffix("styles.xml") } ?? "xl/styles.xml"
        dateStyles =
            archive[styles] == nil
            ? XLSXDateStyles()
            : try XLSXDateStyles.read(styles: try Self.data(of: styles, in: archive), uses1904: uses1904 ?? false)
        guard archive[sheetPath] != nil else {
            throw ImportError.malformedSpreadsheet("the first sheet \(sheetPath) is missing")
        }
    }

    mutating func forEach(_ body: (SourceRecord) throws -> Bool) throws {
        let strings = try sharedStringsPath.map { part in
            try withInflated(part) { try XLSXSharedStrings.read($0) }
        }
        var header: Int?
        var last = 0
        try withInflated(sheetPath) { sheet in
            try withoutActuallyEscaping(body) { body in
                let parser = XLSXSheetParser(sharedStrings: strings ?? [], dateStyles: dateStyles) { sheetRow, cells in
                    guard let headerRow = header else {
                        guard cells.contains(where: { !$0.isBlank }) else { return true }
                        header = sheetRow
                        last = sheetRow
                        return try body(SourceRecord(row: 0, cells: cells))
                    }
                    for skipped in (last + 1)..<max(last + 1, sheetRow) {
                        guard try body(SourceRecord(row: skipped - headerRow, cells: [])) else { return false }
                    }
                    last = sheetRow
                    return try body(SourceRecord(row: sheetRow - headerRow, cells: cells))
                }
                try parser.parse(sheet)
            }
        }
    }

    /// Calls `body` with the part's bytes as they inflate, then waits for the inflating thread to end.
    private func withInflated<T>(_ part: String, _ body: (ZipEntryChunks) throws -> T) throws -> T {
        let chunks = try ZipEntryChunks(archive, part: part)
        defer { chunks.close() }
        return try body(chunks)
    }

    private static func data(of part: String, in archive: Archive) throws -> Data {
        guard let entry = archive[part] else { throw ImportError.malformedSpreadsheet("\(part) is missing") }
        var data = Data()
        do {
            _ = try archive.extract(entry) { data.append($0) }
        } catch {
            throw ImportError.malformedSpreadsheet("\(part) cannot be unpacked: \(error)")
        }
        return data
    }

    /// The workbook's relationship ids and the package paths they point at (`rId1` → `xl/worksheets/sheet1.xml`).
    private static func relationships(_ archive: Archive) throws -> [String: String] {
        guard archive["xl/_rels/workbook.xml.rels"] != nil else { return [:] }
        let entries = try XMLElements.attributes(
            of: "Relationship", in: try data(of: "xl/_rels/workbook.xml.rels", in: archive))
        var result: [String: String] = [:]
        for entry in entries {
            guard let id = entry["Id"], let target = entry["Target"] else { continue }
            result[id] = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        }
        return result
    }
}
