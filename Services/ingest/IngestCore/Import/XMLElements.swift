import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Small XML helpers for the parts of a spreadsheet package: element names without their namespace prefix, and
/// the attributes of every element of one name in a small document.
enum XMLElements {
    /// `x:sheet` → `sheet`.
    static func localName(_ name: String) -> Substring {
        name.split(separator: ":").last ?? Substring(name)
    }

    /// The attributes of each element named `name` (any prefix), in document order.
    static func attributes(of name: String, in data: Data) throws -> [[String: String]] {
        let collector = Collector(name: name)
        let parser = XMLParser(data: data)
        parser.delegate = collector
        guard parser.parse() else {
            throw ImportError.malformedSpreadsheet(
                "an XML part does not parse: \(parser.parserError.map { "\($0)" } ?? "")")
        }
        return collector.found
    }

    private final class Collector: NSObject, XMLParserDelegate {
        let name: String
        var found: [[String: String]] = []

        init(name: String) {
            self.name = name
        }

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
            qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
        ) {
            if localName(elementName) == name { found.append(attributeDict) }
        }
    }
}
