import Foundation

/// Reads a workbook's shared strings table (`xl/sharedStrings.xml`): each `<si>`'s text, rich-text runs joined,
/// phonetic hints left out.
enum XLSXSharedStrings {
    /// The strings of the table whose XML `chunks` give.
    static func read(_ chunks: some ByteChunks) throws -> [String] {
        var reader = XMLByteReader(source: chunks)
        var strings: [String] = []
        var current: [UInt8] = []
        var inText = false
        var inPhonetic = false
        do {
            while let event = try reader.next(wantText: inText && !inPhonetic) {
                switch event {
                case .start(let name, _, let selfClosing):
                    switch name {
                    case "si":
                        current = []
                        if selfClosing { strings.append("") }
                    case "t": inText = !selfClosing
                    case "rPh": inPhonetic = !selfClosing
                    default: break
                    }
                case .text(let bytes): current += bytes
                case .end(let name):
                    switch name {
                    case "si":
                        guard let text = String(validating: current, as: UTF8.self) else {
                            throw ImportError.malformedSpreadsheet(
                                "shared string \(strings.count + 1) is not valid UTF-8")
                        }
                        strings.append(text)
                    case "t": inText = false
                    case "rPh": inPhonetic = false
                    default: break
                    }
                }
            }
        } catch let error as XMLReadError {
            throw ImportError.malformedSpreadsheet("the shared strings do not parse: \(error.reason)")
        }
        return strings
    }
}
