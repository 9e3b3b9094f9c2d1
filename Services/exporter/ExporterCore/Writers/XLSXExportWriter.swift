import Foundation
import RosterModel
import RosterRuntime

/// Writes an export as an Excel workbook (.xlsx) of one sheet, streaming: the sheet's XML is written row by row into
/// 1 MiB buffers, which a thread of its own deflates into the workbook (`ZipArchiveWriter`) while the next rows are
/// written. Memory stays flat whatever the row count.
///
/// Text is written as inline strings, not through a shared-strings table (which would hold every distinct text in
/// memory until the end); inline strings are never formulas, so a cell starting with `=` is inert. Numbers in number
/// columns are numbers; dates and times in date and datetime columns are date serials with a date style; everything
/// else, phones included, is text.
///
/// The XML is written by hand over bytes, not with an XML library: this is the hot path of every XLSX export
/// (profiled with perf over a million rows in the export benchmark, where deflating the XML takes most of the time),
/// and it makes no node or string per cell, only byte copies into the sheet's buffer.
final class XLSXExportWriter: ExportSheetWriter {
    private let deflater: SheetDeflater
    private let sheet: ByteSink
    private let rowsPerSheet: Int
    private var text = CellText()
    private var columns: [ExportColumn] = []
    private var columnNames: [[UInt8]] = []
    private var row = 0
    private var rowDigits: [UInt8] = []
    /// The column of the row's last written cell, -1 before the first.
    private var lastColumn = -1

    /// Writes the workbook at `path`, `rowsPerSheet` rows to a sheet (each sheet repeats the heading row).
    init(path: String, rowsPerSheet: Int = XLSXParts.rowsPerSheet) throws {
        let deflater = try SheetDeflater(path: path)
        self.deflater = deflater
        self.rowsPerSheet = rowsPerSheet
        sheet = ByteSink { try deflater.send($0) }
    }

    func begin(columns: [ExportColumn]) throws {
        self.columns = columns
        columnNames = columns.indices.map { Array(WorkbookParts.columnName($0).utf8) }
        try startSheet()
    }

    /// The sheet's start and its heading row.
    private func startSheet() throws {
        row = 0
        try sheet.write(XLSXParts.sheetStart)
        try startRow()
        for index in columns.indices {
            var label = columns[index].label
            try label.withUTF8 { try writeInlineString(column: index, UnsafeRawBufferPointer($0)) }
        }
        try sheet.write(Self.rowEnd)
    }

    func write(_ cells: [ExportCell]) throws {
        if row > rowsPerSheet {
            try sheet.write(XLSXParts.sheetEnd)
            try sheet.flush()
            try deflater.startNextSheet()
            try startSheet()
        }
        try startRow()
        for index in cells.indices {
            let cell = cells[index]
            switch cell.kind {
            case .empty: continue
            case .true, .false:
                try startCell(column: index, attributes: Self.booleanType)
                try sheet.write(cell.kind == .true ? Self.one : Self.zero)
                try sheet.write(Self.valueEnd)
            case .number where columns[index].type == .number:
                try startCell(column: index, attributes: [])
                try sheet.write(cell.bytes)
                try sheet.write(Self.valueEnd)
            case .string where columns[index].type == .date && !cell.escaped:
                if let serial = ExcelDate.serial(date: cell.bytes) {
                    try startCell(column: index, attributes: Self.dateStyle)
                    try sheet.write(String(serial))
                    try sheet.write(Self.valueEnd)
                } else {
                    try text.withText(cell) { try writeInlineString(column: index, $0) }
                }
            case .string where columns[index].type == .datetime && !cell.escaped:
                if let serial = ExcelDate.serial(dateTime: cell.bytes) {
                    try startCell(column: index, attributes: Self.dateTimeStyle)
                    try sheet.write(serial.description)
                    try sheet.write(Self.valueEnd)
                } else {
                    try text.withText(cell) { try writeInlineString(column: index, $0) }
                }
            default:
                try text.withText(cell) { try writeInlineString(column: index, $0) }
            }
        }
        try sheet.write(Self.rowEnd)
    }

    func finish() throws {
        try sheet.write(XLSXParts.sheetEnd)
        try sheet.close()
        try deflater.finish()
    }

    // MARK: - XML pieces

    private static let rowStart: [UInt8] = Array(#"<row r=""#.utf8)
    private static let tagClose: [UInt8] = Array(#"">"#.utf8)
    private static let rowEnd: [UInt8] = Array("</row>".utf8)
    private static let cellStart: [UInt8] = Array(#"<c r=""#.utf8)
    private static let cellOpen: [UInt8] = Array("<c".utf8)
    private static let valueStart: [UInt8] = Array("><v>".utf8)
    private static let valueEnd: [UInt8] = Array("</v></c>".utf8)
    private static let booleanType: [UInt8] = Array(#" t="b""#.utf8)
    private static let dateStyle: [UInt8] = Array(#" s="1""#.utf8)
    private static let dateTimeStyle: [UInt8] = Array(#" s="2""#.utf8)
    private static let one: [UInt8] = [UInt8(ascii: "1")]
    private static let zero: [UInt8] = [UInt8(ascii: "0")]
    private static let inlineStart: [UInt8] = Array(#" t="inlineStr"><is><t>"#.utf8)
    private static let inlinePreservedStart: [UInt8] = Array(#" t="inlineStr"><is><t xml:space="preserve">"#.utf8)
    private static let inlineEnd: [UInt8] = Array("</t></is></c>".utf8)

    /// `<row r="N">`, and the row number's digits for the cells' references.
    private func startRow() throws {
        row += 1
        lastColumn = -1
        rowDigits.removeAll(keepingCapacity: true)
        rowDigits.append(contentsOf: String(row).utf8)
        try sheet.write(Self.rowStart)
        try sheet.write(rowDigits)
        try sheet.write(Self.tagClose)
    }

    /// `<c r="B7"` + attributes + `><v>`, leaving the value to the caller.
    private func startCell(column: Int, attributes: [UInt8]) throws {
        try writeReference(column)
        try sheet.write(attributes)
        try sheet.write(Self.valueStart)
    }

    /// `<c`, with the cell's reference only when a column was skipped before it: a cell without one is the next
    /// column of its row (as the format allows), which keeps the XML to deflate a fifth shorter.
    private func writeReference(_ column: Int) throws {
        defer { lastColumn = column }
        guard column != lastColumn + 1 else { return try sheet.write(Self.cellOpen) }
        try sheet.write(Self.cellStart)
        try sheet.write(columnNames[column])
        try sheet.write(rowDigits)
        try sheet.write(UInt8(ascii: "\""))
    }

    /// An inline string cell with the text XML-escaped (a carriage return as `&#13;`, which XML readers would
    /// otherwise turn into a line feed); characters XML 1.0 forbids (other control characters) are dropped.
    private func writeInlineString(column: Int, _ bytes: UnsafeRawBufferPointer) throws {
        guard let first = bytes.first, let last = bytes.last else { return }
        try writeReference(column)
        let edgeSpace =
            first == 0x20 || first == 0x09 || first == 0x0A || first == 0x0D || last == 0x20
            || last == 0x09 || last == 0x0A || last == 0x0D
        try sheet.write(edgeSpace ? Self.inlinePreservedStart : Self.inlineStart)
        var start = 0
        for index in 0..<bytes.count {
            let byte = bytes[index]
            guard
                byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
                    || (byte < 0x20 && byte != 0x09 && byte != 0x0A)
            else { continue }
            try sheet.write(UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
            switch byte {
            case UInt8(ascii: "&"): try sheet.write(XLSXParts.ampersand)
            case UInt8(ascii: "<"): try sheet.write(XLSXParts.lessThan)
            case UInt8(ascii: ">"): try sheet.write(XLSXParts.greaterThan)
            case 0x0D: try sheet.write(XLSXParts.carriageReturn)
            default: break
            }
            start = index + 1
        }
        try sheet.write(UnsafeRawBufferPointer(rebasing: bytes[start...]))
        try sheet.write(Self.inlineEnd)
    }
}
