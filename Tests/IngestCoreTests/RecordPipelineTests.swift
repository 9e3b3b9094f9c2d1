import Foundation
import RosterModel
import RosterRuntime
import RosterTestSupport
import Testing

@testable import IngestCore

@Suite("Reading records on a thread of their own")
struct RecordPipelineTests {
    /// How many records a source made; read once the pipeline has joined its reading thread.
    final class Tally: @unchecked Sendable {
        var made = 0
    }

    /// Records numbered from 0, as many as `count` (unbounded when nil), then `failure` if given.
    struct NumberedSource: RecordSource {
        var count: Int?
        var failure: RosterError?
        let tally = Tally()
        var requiresExactWidth: Bool { true }
        var readsCheaply: Bool { true }

        mutating func forEach(_ body: (SourceRecord) throws -> Bool) throws {
            var row = 0
            while count.map({ row < $0 }) ?? true {
                tally.made += 1
                guard try body(SourceRecord(row: row, cells: [SourceCell(text: "\(row)")])) else { return }
                row += 1
            }
            if let failure { throw failure }
        }
    }

    @Test func recordsOfManyBatchesArriveInFileOrder() throws {
        // Given a source of more records than several batches hold
        let total = RecordPipeline.batchSize * 3 + 17

        // When they are read through the pipeline
        var rows: [Int] = []
        try RecordPipeline.forEach(in: NumberedSource(count: total), preparing: { $0.row * 2 }) { record, doubled in
            rows.append(record.row)
            #expect(doubled == record.row * 2)
            return true
        }

        // Then every record arrives once, in order, with what the reading thread made of it
        #expect(rows == Array(0..<total))
    }

    @Test func aReadErrorComesAfterEveryRecordReadBeforeIt() throws {
        // Given a source that fails after 3,000 records
        let failure = RosterError(code: "record_too_long", message: "record 3001 is longer than 1 MiB")
        var rows = 0

        // When it is read through the pipeline
        let error = try #require(throws: RosterError.self) {
            try RecordPipeline.forEach(in: NumberedSource(count: 3000, failure: failure), preparing: { _ in }) { _, _ in
                rows += 1
                return true
            }
        }

        // Then the caller had the 3,000 records, then the error
        #expect(rows == 3000)
        #expect(error.message == failure.message)
    }

    @Test func stoppingEarlyStopsTheReader() throws {
        // Given a source that never ends
        let source = NumberedSource(count: nil)

        // When the caller stops after ten records
        var rows = 0
        try RecordPipeline.forEach(in: source, preparing: { _ in }) { _, _ in
            rows += 1
            return rows < 10
        }

        // Then the call returns, the reader having made at most the batches the queue holds and the one in hand
        #expect(rows == 10)
        #expect(source.tally.made <= RecordPipeline.batchSize * (RecordPipeline.queuedBatches + 3))
    }

    @Test func aFileOfManyBatchesIsCountedExactlyAsRowByRow() throws {
        // Given a CSV of 5,000 rows in which every 50th repeats the phone of the row 17 before it, every 100th has
        // a column too few, and row 4,321 is empty
        var lines = ["mobile,email,name"]
        for index in 1...5000 {
            let phone = index % 50 == 0 ? index - 17 : index
            switch index {
            case 4321: lines.append("")
            case _ where index % 100 == 30: lines.append("\(13_800_000_000 + phone),u\(index)@example.com")
            default: lines.append("\(13_800_000_000 + phone),u\(index)@example.com,Name \(index)")
            }
        }

        // When it is scanned
        let result = try ScanResult.scan(csv: lines.joined(separator: "\n") + "\n")

        // Then every row has its verdict in order and the counts are exact
        #expect(result.verdicts.map(\.row) == Array(1...5000))
        #expect(result.counts == ImportCounts(total: 5000, duplicate: 100, invalid: 151, importable: 4849))
        #expect(result.verdicts[4320].problems.map(\.reason) == ["is an empty row"])
        #expect(result.verdicts[49].problems.map(\.reason) == ["duplicates row 33 (mobile 8613800000033)"])
    }
}
