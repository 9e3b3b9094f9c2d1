/// The fixed parts of an export workbook (content types, relationships, workbook, styles) and the sheet's frame.
enum XLSXParts {
    /// The path of sheet `number` (from 1) inside the package.
    static func sheetPath(_ number: Int) -> String { "xl/worksheets/sheet\(number).xml" }

    /// Data rows a sheet holds: Excel shows at most 1,048,576 rows, the heading included; an export with more
    /// continues on the next sheet.
    static let rowsPerSheet = 1_048_575

    private static let header = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
    private static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    private static let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    private static let package = "http://schemas.openxmlformats.org/package/2006"
    private static let officeDocument = "application/vnd.openxmlformats-officedocument"

    /// The sheet up to its first row; the heading row stays in view when scrolling.
    static let sheetStart: [UInt8] = Array(
        (header + #"<worksheet xmlns="\#(main)" xmlns:r="\#(relationships)">"#
            + #"<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>"#
            + "<sheetData>").utf8)

    /// The sheet after its last row.
    static let sheetEnd: [UInt8] = Array("</sheetData></worksheet>".utf8)

    static let ampersand: [UInt8] = Array("&amp;".utf8)
    static let lessThan: [UInt8] = Array("&lt;".utf8)
    static let greaterThan: [UInt8] = Array("&gt;".utf8)
    static let carriageReturn: [UInt8] = Array("&#13;".utf8)

    /// Every part but the sheets, by path, for a workbook of `sheets` sheets ("Contacts", "Contacts 2", …). Style 1
    /// is a date (`yyyy-mm-dd`), style 2 a date and time.
    static func workbookParts(sheets: Int) -> [(String, String)] {
        let numbers = 1...max(sheets, 1)
        return [
            (
                "[Content_Types].xml",
                header + #"<Types xmlns="\#(package)/content-types">"#
                    + #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
                    + #"<Default Extension="xml" ContentType="application/xml"/>"#
                    + #"<Override PartName="/xl/workbook.xml" ContentType="\#(officeDocument).spreadsheetml.sheet.main+xml"/>"#
                    + numbers.map {
                        #"<Override PartName="/\#(sheetPath($0))" ContentType="\#(officeDocument).spreadsheetml.worksheet+xml"/>"#
                    }.joined()
                    + #"<Override PartName="/xl/styles.xml" ContentType="\#(officeDocument).spreadsheetml.styles+xml"/>"#
                    + "</Types>"
            ),
            (
                "_rels/.rels",
                header + #"<Relationships xmlns="\#(package)/relationships">"#
                    + #"<Relationship Id="rId1" Type="\#(relationships)/officeDocument" Target="xl/workbook.xml"/>"#
                    + "</Relationships>"
            ),
            (
                "xl/workbook.xml",
                header + #"<workbook xmlns="\#(main)" xmlns:r="\#(relationships)"><sheets>"#
                    + numbers.map {
                        #"<sheet name="Contacts\#($0 == 1 ? "" : " \($0)")" sheetId="\#($0)" r:id="rId\#($0)"/>"#
                    }.joined() + "</sheets></workbook>"
            ),
            (
                "xl/_rels/workbook.xml.rels",
                header + #"<Relationships xmlns="\#(package)/relationships">"#
                    + numbers.map {
                        #"<Relationship Id="rId\#($0)" Type="\#(relationships)/worksheet" Target="worksheets/sheet\#($0).xml"/>"#
                    }.joined()
                    + #"<Relationship Id="rId\#(numbers.upperBound + 1)" Type="\#(relationships)/styles" Target="styles.xml"/>"#
                    + "</Relationships>"
            ),
            ("xl/styles.xml", styles),
        ]
    }

    private static let styles =
        header + #"<styleSheet xmlns="\#(main)">"#
        + #"<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>"#
        + #"<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>"#
        + #"<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>"#
        + #"<fills count="2"><fill><patternFill patternType="none"/></fill>"#
        + #"<fill><patternFill patternType="gray125"/></fill></fills>"#
        + #"<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"#
        + #"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#
        + #"<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#
        + #"<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#
        + #"<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>"#
        + #"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#
        + "</styleSheet>"

    /// 0 → `A`, 25 → `Z`, 26 → `AA`.
    static func columnName(_ index: Int) -> String {
        var name = ""
        var number = index + 1
        while number > 0 {
            let remainder = (number - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + remainder))) + name
            number = (number - 1) / 26
        }
        return name
    }
}
