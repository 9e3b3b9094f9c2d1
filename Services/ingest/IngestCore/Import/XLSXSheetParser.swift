import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Streams a worksheet's XML (`xl/worksheets/sheetN.xml`) row by row: shared strings, inline strings, numbers,
/// booleans and error cells, each placed in its column by its `r` reference.
final class XLSXSheetParser: NSObject, XMLParserDelegate {
    /// Called with each row's sheet row number and its cells by column index; returning false stops the parse.
    typealias RowHandler = (_ row: Int, _ cells: [Int: SourceCell]) throws -> Bool

    private let sharedStrings: [String]
    private let onRow: RowHandler
    private(set) var failure: (any Error)?
    private var stopped = false
    private var rowNumber = 0
    private var nextRowNumber = 1
    private var cells: [Int: SourceCell] = [:]
    private var column = 0
    private var nextColumn = 0
    private var cellType = "n"
    private var value = ""
    private var inlineText = ""
    private var inValue = false
    private var inText = false
    private var inPhonetic = false

    init(sharedStrings: [String], onRow: @escaping RowHandler) {
        self.sharedStrings = sharedStrings
        self.onRow = onRow
    }

    /// Parses the sheet at `path`, reading it in chunks; rethrows what the row handler threw.
    func parse(path: String) throws {
        guard let stream = InputStream(fileAtPath: path) else {
            throw ImportError.malformedSpreadsheet("the sheet cannot be read")
        }
        let parser = XMLParser(stream: stream)
        parser.delegate = self
        let parsed = parser.parse()
        if let failure { throw failure }
        if !parsed && !stopped {
            throw ImportError.malformedSpreadsheet(
                "the first sheet does not parse: \(parser.parserError.map { "\($0)" } ?? "")")
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

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
        attributes attributeDict: [String: String] = [:]
    ) {
        switch XMLElements.localName(elementName) {
        case "row":
            rowNumber = attributeDict["r"].flatMap { Int($0) } ?? nextRowNumber
            cells = [:]
            nextColumn = 0
        case "c":
            column = attributeDict["r"].flatMap(Self.columnIndex) ?? nextColumn
            cellType = attributeDict["t"] ?? "n"
            value = ""
            inlineText = ""
        case "v": inValue = true
        case "t": inText = true
        case "rPh": inPhonetic = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inValue { value += string } else if inText && !inPhonetic { inlineText += string }
    }

    func parser(
        _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?
    ) {
        switch XMLElements.localName(elementName) {
        case "v": inValue = false
        case "t": inText = false
        case "rPh": inPhonetic = false
        case "c":
            if let cell = currentCell() { cells[column] = cell }
            nextColumn = column + 1
        case "row":
            nextRowNumber = rowNumber + 1
            guard !stopped else { return }
            do {
                if try !onRow(rowNumber, cells) {
                    stopped = true
                    parser.abortParsing()
                }
            } catch {
                failure = error
                stopped = true
                parser.abortParsing()
            }
        default: break
        }
    }

    private func currentCell() -> SourceCell? {
        switch cellType {
        case "s":
            guard let index = Int(value), sharedStrings.indices.contains(index) else {
                return SourceCell(text: value, kind: .error)
            }
            return SourceCell(text: sharedStrings[index])
        case "inlineStr": return SourceCell(text: inlineText)
        case "str", "d": return SourceCell(text: value)
        case "b": return SourceCell(text: value == "1" ? "true" : "false", kind: .boolean)
        case "e": return SourceCell(text: value, kind: .error)
        default: return value.isEmpty ? nil : SourceCell(text: value, kind: .number)
        }
    }
}
