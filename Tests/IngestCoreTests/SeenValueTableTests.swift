import Testing

@testable import IngestCore

@Suite("The table of values already seen in a file")
struct SeenValueTableTests {
    @Test func everyValueFindsTheFirstRowThatHadItAcrossGrowth() {
        // Given a small table and many more values than it first has room for
        var table = SeenValueTable(capacity: 4)
        let values = (1...20_000).map { SeenValueDigest("mobile", "86138\($0)") }

        // When each is inserted by its row, and the first thousand again by later rows
        for (index, value) in values.enumerated() { table.insert(value, row: index + 1) }
        for (index, value) in values.prefix(1000).enumerated() { table.insert(value, row: 30_000 + index) }

        // Then each value names the first row that had it, and nothing else is found
        #expect(table.count == 20_000)
        #expect(values.enumerated().allSatisfy { table[$1] == $0 + 1 })
        #expect(table[SeenValueDigest("mobile", "8613920001")] == nil)
        #expect(table[SeenValueDigest("email", "861381")] == nil)
    }
}
