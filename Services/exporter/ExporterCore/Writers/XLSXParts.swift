import RosterRuntime

/// What an export workbook adds to `WorkbookParts`: date styles, sheet names, the sheet's frame and its escapes.
enum XLSXParts {
    /// Data rows a sheet holds: Excel shows at most 1,048,576 rows, the heading included; an export with more
    /// continues on the next sheet.
    static let rowsPerSheet = 1_048_575

    /// The sheet up to its first row; the heading row stays in view when scrolling.
    static let sheetStart: [UInt8] = Array(
        (WorkbookParts.xmlDeclaration
            + #"<worksheet xmlns="\#(WorkbookParts.mainNamespace)" xmlns:r="\#(WorkbookParts.relationshipsNamespace)">"#
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
    static func workbookParts(sheets: Int) -> [(path: String, text: String)] {
        WorkbookParts.parts(
            sheetNames: (1...max(sheets, 1)).map { $0 == 1 ? "Contacts" : "Contacts \($0)" }, styles: styles)
    }

    private static let styles =
        WorkbookParts.xmlDeclaration + #"<styleSheet xmlns="\#(WorkbookParts.mainNamespace)">"#
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
}
