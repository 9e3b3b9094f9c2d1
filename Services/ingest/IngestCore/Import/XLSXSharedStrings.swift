import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Reads a workbook's shared strings table (`xl/sharedStrings.xml`): each `<si>`'s text, rich-text runs joined,
/// phonetic hints left out.
final class XLSXSharedStrings: NSObject, XMLParserDelegate {
    private(set) var strings: [String] = []
    private var current = ""
    private var inText = false
    private var inPhonetic = false

    /// The strings of the table stored at `path`, streamed from disk.
    static func read(path: String) throws -> [String] {
        guard let stream = InputStream(fileAtPath: path) else {
            throw ImportError.malformedSpreadsheet("the shared strings cannot be read")
        }
        let table = XLSXSharedStrings()
        let parser = XMLParser(stream: stream)
        parser.delegate = table
        guard parser.parse() else {
            throw ImportError.malformedSpreadsheet(
                "the shared strings do not parse: \(parser.parserError.map { "\($0)" } ?? "")")
        }
        return table.strings
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
        attributes attributeDict: [String: String] = [:]
    ) {
        switch XMLElements.localName(elementName) {
        case "si": current = ""
        case "t": inText = true
        case "rPh": inPhonetic = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText && !inPhonetic { current += string }
    }

    func parser(
        _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?
    ) {
        switch XMLElements.localName(elementName) {
        case "si": strings.append(current)
        case "t": inText = false
        case "rPh": inPhonetic = false
        default: break
        }
    }
}
