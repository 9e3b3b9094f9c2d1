import RosterCLICore
import Testing

@Suite("Aligned text tables")
struct TextTableTests {
    @Test func chineseLabelsTakeTwoColumnsEachSoTheNextColumnLinesUp() {
        let table = TextFormat.table(
            ["KEY", "LABEL", "TYPE"],
            [["mobile", "手机号", "text"], ["shoe_size", "Shoe size", "number"], ["member_points", "会员积分", "number"]])

        #expect(
            table == """
                KEY            LABEL      TYPE
                mobile         手机号     text
                shoe_size      Shoe size  number
                member_points  会员积分   number
                """)
    }

    @Test func aCellWithALineBreakOrATabStaysOnItsRow() {
        let table = TextFormat.table(
            ["ROW", "CELLS", "REASONS"], [["5", "Carol\nMultiline\tx", "ok"], ["6", "e\u{301}\u{1b}", "ok"]])

        #expect(
            table == """
                ROW  CELLS                REASONS
                5    Carol\\nMultiline\\tx  ok
                6    e\u{301}\\u{1b}              ok
                """)
    }

    @Test func aCountOfOneIsSingular() {
        #expect(TextFormat.count(1, "event") == "1 event")
        #expect(TextFormat.count(0, "event") == "0 events")
        #expect(TextFormat.count(3, "user id") == "3 user ids")
        #expect(TextFormat.count(2, "entry", plural: "entries") == "2 entries")
    }
}
