import Foundation

/// The parts of an .xlsx package around its sheets (content types, relationships, the workbook, optional styles),
/// shared by the import templates and the exports.
public enum WorkbookParts {
    /// The declaration every part starts with.
    public static let xmlDeclaration = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
    /// The SpreadsheetML namespace of workbooks, sheets and styles.
    public static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    /// The namespace of relationship ids (`r:id`).
    public static let relationshipsNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    private static let package = "http://schemas.openxmlformats.org/package/2006"
    private static let officeDocument = "application/vnd.openxmlformats-officedocument"

    /// The path of sheet `number` (from 1) inside the package.
    public static func sheetPath(_ number: Int) -> String { "xl/worksheets/sheet\(number).xml" }

    /// Every part but the sheets, by path, for sheets named `sheetNames` (at least one), with `styles` as
    /// `xl/styles.xml` when given.
    public static func parts(sheetNames: [String], styles: String? = nil) -> [(path: String, text: String)] {
        let numbers = Array(1...max(sheetNames.count, 1))
        var types =
            xmlDeclaration + #"<Types xmlns="\#(package)/content-types">"#
            + #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
            + #"<Default Extension="xml" ContentType="application/xml"/>"#
            + #"<Override PartName="/xl/workbook.xml" ContentType="\#(officeDocument).spreadsheetml.sheet.main+xml"/>"#
            + numbers.map {
                #"<Override PartName="/\#(sheetPath($0))" ContentType="\#(officeDocument).spreadsheetml.worksheet+xml"/>"#
            }.joined()
        var workbookRelationships =
            xmlDeclaration + #"<Relationships xmlns="\#(package)/relationships">"#
            + numbers.map {
                #"<Relationship Id="rId\#($0)" Type="\#(relationshipsNamespace)/worksheet" Target="worksheets/sheet\#($0).xml"/>"#
            }.joined()
        if styles != nil {
            types += #"<Override PartName="/xl/styles.xml" ContentType="\#(officeDocument).spreadsheetml.styles+xml"/>"#
            workbookRelationships +=
                #"<Relationship Id="rId\#(numbers.count + 1)" Type="\#(relationshipsNamespace)/styles" Target="styles.xml"/>"#
        }
        var parts = [
            (path: "[Content_Types].xml", text: types + "</Types>"),
            (
                path: "_rels/.rels",
                text: xmlDeclaration + #"<Relationships xmlns="\#(package)/relationships">"#
                    + #"<Relationship Id="rId1" Type="\#(relationshipsNamespace)/officeDocument" Target="xl/workbook.xml"/>"#
                    + "</Relationships>"
            ),
            (
                path: "xl/workbook.xml",
                text: xmlDeclaration
                    + #"<workbook xmlns="\#(mainNamespace)" xmlns:r="\#(relationshipsNamespace)"><sheets>"#
                    + zip(numbers, sheetNames).map { number, name in
                        #"<sheet name="\#(escaped(name))" sheetId="\#(number)" r:id="rId\#(number)"/>"#
                    }.joined() + "</sheets></workbook>"
            ),
            (path: "xl/_rels/workbook.xml.rels", text: workbookRelationships + "</Relationships>"),
        ]
        if let styles { parts.append((path: "xl/styles.xml", text: styles)) }
        return parts
    }

    /// The letters of a column: 0 → `A`, 25 → `Z`, 26 → `AA`.
    public static func columnName(_ index: Int) -> String {
        var name = ""
        var number = index + 1
        while number > 0 {
            let remainder = (number - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + remainder))) + name
            number = (number - 1) / 26
        }
        return name
    }

    /// `text` with the characters XML reserves in text and attribute values escaped.
    public static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
