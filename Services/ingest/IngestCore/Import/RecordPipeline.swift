import Foundation
import RosterRuntime

/// Reads a source's records on a thread of their own and hands them over in batches, so that reading (parsing,
/// inflating, decoding cells) and checking rows run side by side on two cores. The reading thread may also prepare
/// records (check some of them) when reading leaves it time.
///
/// A scan ran on one thread before: on the benchmark's CSV, reading took about a ninth of a row's CPU time and
/// checking the rest (hence the reading thread checks four rows in seven of a CSV); on its XLSX, reading (inflate on a
/// third thread, then the XML) took about three fifths. Records go over in batches of
/// `batchSize` rather than one by one, which would make the queue's lock cost more than a row's work. A batch the
/// calling thread is done with goes back to the reading thread to be freed there: freed on the thread that did not
/// allocate its cells and strings, glibc's `free` spent about a fifth of a CSV preview's CPU coalescing chunks
/// (`unlink_chunk`, `malloc_consolidate`).
enum RecordPipeline {
    /// Records per batch handed over.
    static var batchSize: Int { 2048 }
    /// Batches that may wait at once: enough to ride out uneven rows, few enough to keep memory small.
    static var queuedBatches: Int { 4 }

    /// What the reading thread owns until it is joined: the source and the preparing closure.
    private final class ReaderState<Prepared>: @unchecked Sendable {
        var source: any RecordSource
        let prepare: (SourceRecord) throws -> Prepared

        init(_ source: any RecordSource, _ prepare: @escaping (SourceRecord) throws -> Prepared) {
            self.source = source
            self.prepare = prepare
        }
    }

    /// Calls `body` with each record of `source` in order, and what `prepare` made of it on the reading thread, on
    /// the calling thread, until the end or until `body` returns false. Throws what reading or preparing threw
    /// (after `body` has had every record before it) or what `body` threw.
    static func forEach<Prepared>(
        in source: any RecordSource, preparing prepare: @escaping (SourceRecord) throws -> Prepared,
        _ body: (SourceRecord, Prepared) throws -> Bool
    ) throws {
        let handoff = Handoff<[(SourceRecord, Prepared)]>(capacity: queuedBatches)
        let spent = SpentBatches<[(SourceRecord, Prepared)]>()
        let state = ReaderState(source, prepare)
        let reader = StageThread(name: "import-read") {
            var batch = newBatch(of: Prepared.self)
            var stopped = false
            var failure: (any Error)?
            do {
                try state.source.forEach { record in
                    batch.append((record, try state.prepare(record)))
                    guard batch.count == batchSize else { return true }
                    stopped = !handoff.put(batch)
                    spent.free()
                    batch = newBatch(of: Prepared.self)
                    return !stopped
                }
            } catch {
                failure = error
            }
            // The records read before an error go first, as they would have on one thread.
            if !stopped && !batch.isEmpty { _ = handoff.put(batch) }
            handoff.finish(throwing: failure)
        }
        defer {
            handoff.cancel()
            reader.join()
        }
        while let batch = try handoff.take() {
            for (record, prepared) in batch {
                guard try body(record, prepared) else { return }
            }
            spent.giveBack(batch)
        }
    }

    /// Batches the calling thread is done with, waiting for the reading thread to free them.
    private final class SpentBatches<Batch>: @unchecked Sendable {
        private let lock = NSLock()
        private var batches: [Batch] = []

        func giveBack(_ batch: Batch) {
            lock.withLock { batches.append(batch) }
        }

        /// Frees, on the calling thread, every batch given back so far.
        func free() {
            var taken: [Batch] = []
            lock.withLock { swap(&taken, &batches) }
            taken.removeAll()
        }
    }

    private static func newBatch<Prepared>(of _: Prepared.Type) -> [(SourceRecord, Prepared)] {
        var batch: [(SourceRecord, Prepared)] = []
        batch.reserveCapacity(batchSize)
        return batch
    }
}
