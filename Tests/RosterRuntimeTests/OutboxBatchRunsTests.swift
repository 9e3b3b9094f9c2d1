import RosterKafka
import Testing

@testable import RosterRuntime

@Suite("Committed batches merged into as few sends as their outbox rows allow")
struct OutboxBatchRunsTests {
    private func batch(_ seqs: ClosedRange<Int64>) -> OutboxBatch {
        OutboxBatch(
            seqs: seqs,
            messages: seqs.map { OutgoingMessage(topic: "t", key: "k\($0)", value: Array("\($0)".utf8)) })
    }

    @Test func adjacentBatchesMergeAndAGapKeepsThemApart() {
        // Given batches with rows 1-2 and 3-5, none, then 8-9 (rows 6-7 written by another writer)
        let batches: [OutboxBatch?] = [batch(1...2), batch(3...5), nil, batch(8...9)]

        // When they are merged into runs
        let runs = OutboxBatch.contiguousRuns(batches)

        // Then rows 1-5 leave as one send with their messages in order, and 8-9 as another
        #expect(runs.map(\.seqs) == [1...5, 8...9])
        #expect(
            runs.first?.messages.map { String(decoding: $0.key ?? [], as: UTF8.self) } == [
                "k1", "k2", "k3", "k4", "k5",
            ])
        #expect(runs.last?.messages.count == 2)
    }

    @Test func batchesWithoutMessagesGiveNoRun() {
        #expect(OutboxBatch.contiguousRuns([nil, nil]).isEmpty)
    }
}
