import Foundation
import Testing

@testable import IngestCore

@Suite("Dates in spreadsheet cells, by their style")
struct XLSXDateStylesTests {
    @Test(
        arguments: [
            (14, nil, XLSXDateStyles.Shown.date), (22, nil, .dateTime), (20, nil, .time), (31, nil, .date),
            (164, "yyyy\\-mm\\-dd", .date), (165, "[$-409]m/d/yy h:mm AM/PM;@", .dateTime), (166, "hh:mm:ss", .time),
            (167, "mmm", .date),
        ] as [(Int, String?, XLSXDateStyles.Shown)])
    func dateAndTimeFormatsAreKnownByIdOrByCode(id: Int, code: String?, shown: XLSXDateStyles.Shown) {
        #expect(XLSXDateStyles.shown(formatID: id, code: code) == shown)
    }

    @Test(
        arguments: [(0, nil), (2, nil), (49, nil), (168, "0.00\" days\""), (169, "[Red]#,##0"), (170, "General")]
            as [(Int, String?)])
    func numberFormatsAreNotDates(id: Int, code: String?) {
        #expect(XLSXDateStyles.shown(formatID: id, code: code) == nil)
    }

    @Test func cellStylesPointAtTheirFormatsInOrder() throws {
        // Given a styles part as Excel writes it: a custom format, cell-style formats that must not count, and four
        // cell formats (general, a built-in date, the custom date-time, a number)
        let xml = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
              <numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy/mm/dd hh:mm"/></numFmts>
              <cellStyleXfs count="2"><xf numFmtId="14"/><xf numFmtId="22"/></cellStyleXfs>
              <cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164"/>
                <xf numFmtId="2"/></cellXfs>
            </styleSheet>
            """

        // When it is read
        let styles = try XLSXDateStyles.read(styles: Data(xml.utf8), uses1904: false)

        // Then styles 1 and 2 show dates, 0 and 3 do not
        #expect(styles.shown(style: 0) == nil)
        #expect(styles.shown(style: 1) == .date)
        #expect(styles.shown(style: 2) == .dateTime)
        #expect(styles.shown(style: 3) == nil)
    }

    @Test func serialsBecomeTheTextAnImportReads() {
        // Given the 1900 date system
        let styles = XLSXDateStyles()

        // Then serials read as Excel shows them
        #expect(styles.text(serial: "46327.4375", shown: .dateTime) == "2026-11-01 10:30:00")
        #expect(styles.text(serial: "46146", shown: .date) == "2026-05-04")
        #expect(styles.text(serial: "46327.4375", shown: .date) == "2026-11-01 10:30:00")
        #expect(styles.text(serial: "0.75", shown: .time) == "18:00:00")
        #expect(styles.text(serial: "1", shown: .date) == "1900-01-01")
        #expect(styles.text(serial: "61", shown: .date) == "1900-03-01")
        #expect(styles.text(serial: "25569", shown: .date) == "1970-01-01")
        #expect(styles.text(serial: "abc", shown: .date) == nil)
        #expect(styles.text(serial: "-1", shown: .date) == nil)
    }

    @Test func theNineteenOhFourSystemCountsFromItsOwnEpoch() {
        // Given a workbook on the 1904 date system
        let styles = XLSXDateStyles(uses1904: true)

        // Then serial 0 is its first day
        #expect(styles.text(serial: "0", shown: .date) == "1904-01-01")
        #expect(styles.text(serial: "44761", shown: .date) == "2026-07-20")
    }
}
