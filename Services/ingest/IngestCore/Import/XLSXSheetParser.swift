import Foundation

/// Streams a worksheet's XML (`xl/worksheets/sheetN.xml`) row by row: shared strings, inline strings, numbers,
/// booleans and error cells, each placed in its column by its `r` reference. A number in a date or time style is
/// read as the date or time Excel shows (`2026-11-01 10:30:00`), not as its serial.
struct XLSXSheetParser {
    /// Called with each row's sheet row number and its cells in column order (an absent cell before the last
    /// present one is empty); returning false stops the parse.
    typealias RowHandler = (_ row: Int, _ cells: [SourceCell]) throws -> Bool

    private let sharedStrings: [String]
    private let dateStyles: XLSXDateStyles
    private let onRow: RowHandler

    init(sharedStrings: [String], dateStyles: XLSXDateStyles = XLSXDateStyles(), onRow: @escaping RowHandler) {
        self.sharedStrings = sharedStrings
        self.dateStyles = dateStyles
        self.onRow = onRow
    }

    /// Parses the sheet's XML as `chunks` give it; rethrows what the row handler threw.
    func parse(_ chunks: some ByteChunks) throws {
        var reader = XMLByteReader(source: chunks)
        var rowNumber = 0
        var nextRowNumber = 1
        // Cells placed by index as they come, rather than in a dictionary turned into an array per row.
        var cells: [SourceCell] = []
        var column = 0
        var nextColumn = 0
        var cellType = "n"
        var cellShows: XLSXDateStyles.Shown?
        var value: [UInt8] = []
        var inlineText: [UInt8] = []
        var inValue = false
        var inText = false
        var inPhonetic = false
        do {
            while let event = try reader.next(wantText: inValue || (inText && !inPhonetic)) {
                switch event {
                case .start(let name, let attributes, let selfClosing):
                    switch name {
                    case "row":
                        rowNumber = attributes["r"].flatMap { Int($0) } ?? nextRowNumber
                        // Room for as many cells as the last row had: grown from empty, a row's array was
                        // allocated five times over.
                        let width = cells.count
                        cells = []
                        cells.reserveCapacity(width)
                        nextColumn = 0
                        if selfClosing {
                            nextRowNumber = rowNumber + 1
                            guard try onRow(rowNumber, cells) else { return }
                        }
                    case "c":
                        column = attributes["r"].flatMap(Self.columnIndex) ?? nextColumn
                        cellType = attributes["t"] ?? "n"
                        cellShows =
                            dateStyles.isEmpty ? nil : attributes["s"].flatMap { Int($0) }.flatMap(dateStyles.shown)
                        value = []
                        inlineText = []
                        if selfClosing { nextColumn = column + 1 }
                    case "v": inValue = !selfClosing
                    case "t": inText = !selfClosing
                    case "rPh": inPhonetic = !selfClosing
                    default: break
                    }
                case .text(let bytes):
                    // A cell's text is nearly always one run: taken as it is rather than copied onto an empty array.
                    if inValue {
                        if value.isEmpty { value = bytes } else { value += bytes }
                    } else {
                        if inlineText.isEmpty { inlineText = bytes } else { inlineText += bytes }
                    }
                case .end(let name):
                    switch name {
                    case "v": inValue = false
                    case "t": inText = false
                    case "rPh": inPhonetic = false
                    case "c":
                        if let cell = cell(type: cellType, value: value, inlineText: inlineText, shows: cellShows) {
                            if column >= cells.count {
                                cells.append(
                                    contentsOf: repeatElement(SourceCell(text: ""), count: column - cells.count))
                                cells.append(cell)
                            } else {
                                cells[column] = cell
                            }
                        }
                        nextColumn = column + 1
                    case "row":
                        nextRowNumber = rowNumber + 1
                        guard try onRow(rowNumber, cells) else { return }
                    default: break
                    }
                }
            }
        } catch let error as XMLReadError {
            throw ImportError.malformedSpreadsheet("the first sheet does not parse: \(error.reason)")
        }
    }

    /// `C` → 2, `AA` → 26: the column of a cell reference such as `AA12`.
    static func columnIndex(of reference: String) -> Int? {
        var index = 0
        var letters = 0
        for scalar in reference.unicodeScalars {
            guard ("A"..."Z").contains(scalar) else { break }
            index = index * 26 + Int(scalar.value - 64)
            letters += 1
        }
        return letters == 0 ? nil : index - 1
    }

    private func cell(
        type: String, value bytes: [UInt8], inlineText: [UInt8], shows: XLSXDateStyles.Shown?
    ) -> SourceCell? {
        let raw = type == "inlineStr" ? inlineText : bytes
        guard let value = raw.withUnsafeBufferPointer({ String(strictUTF8: $0) }) else {
            return SourceCell(text: String(decoding: raw, as: UTF8.self), undecodable: "is not valid UTF-8")
        }
        switch type {
        case "s":
            guard let index = Int(value), sharedStrings.indices.contains(index) else {
                return SourceCell(text: value, kind: .error)
            }
            return SourceCell(text: sharedStrings[index])
        case "inlineStr", "str", "d": return SourceCell(text: value)
        case "b": return SourceCell(text: value == "1" ? "true" : "false", kind: .boolean)
        case "e": return SourceCell(text: value, kind: .error)
        default:
            if value.isEmpty { return nil }
            if let shows, let date = dateStyles.text(serial: value, shown: shows) { return SourceCell(text: date) }
            return SourceCell(text: value, kind: .number)
        }
    }
}
