import Foundation
import GRDB
import RosterRuntime

/// Reads an export's contacts on a thread of its own, so that SQLite's share of an export (stepping the query,
/// reading pages) runs beside the caller's share (turning snapshots into rows and writing them) on a second core.
///
/// Everything is read in one read-only transaction on a connection of its own, without the pool's memory map and
/// with a small page cache: the file is one consistent snapshot of the read model, and memory does not grow with
/// the store's size. Snapshots travel in chunks of a few MiB, at most three waiting, so memory stays flat too.
/// In the export benchmark (a million contacts) this took a CSV export from one core's worth of work to about
/// half of it on each of two.
final class SnapshotReadAhead: @unchecked Sendable {
    /// What the reader hands over: first the export's rows with their count, then its snapshots.
    enum Item {
        case start(ExportRows, total: Int)
        case snapshots(SnapshotChunk)
    }

    private let handoff = Handoff<Item>(capacity: 3)
    private var thread: StageThread?

    /// Starts reading the store at `databasePath`; `prepare` makes the export's rows inside the read transaction.
    init(databasePath: String, prepare: @escaping @Sendable (Database) throws -> ExportRows) {
        thread = StageThread(name: "export-read") { [handoff] in
            do {
                let reader = try Self.openReader(databasePath)
                try reader.read { db in
                    let rows = try prepare(db)
                    guard handoff.put(.start(rows, total: try rows.count(db))) else { return }
                    var chunk = SnapshotChunk()
                    try rows.forEachSnapshot(db) { snapshot in
                        chunk.append(snapshot)
                        guard chunk.isFull else { return true }
                        defer { chunk = SnapshotChunk() }
                        return handoff.put(.snapshots(chunk))
                    }
                    if !chunk.isEmpty { _ = handoff.put(.snapshots(chunk)) }
                }
                handoff.finish()
            } catch {
                handoff.finish(throwing: error)
            }
        }
    }

    /// The next item, waiting for it; `nil` after the last. Throws what stopped the reader.
    func next() throws -> Item? {
        try handoff.take()
    }

    /// Stops the reader if it is still reading, and waits for it to close its connection.
    func stop() {
        handoff.cancel()
        thread?.join()
        thread = nil
    }

    private static func openReader(_ path: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA mmap_size = 0")
            try db.execute(sql: "PRAGMA cache_size = -8192")
        }
        return try DatabaseQueue(path: path, configuration: configuration)
    }
}

/// Snapshots copied out of SQLite back to back, with where each ends.
struct SnapshotChunk: Sendable {
    private static let capacity = 4 << 20
    private var bytes: [UInt8] = []
    private var ends: [Int] = []

    init() {
        bytes.reserveCapacity(Self.capacity)
        ends.reserveCapacity(Self.capacity / 256)
    }

    var isFull: Bool { bytes.count >= Self.capacity - (Self.capacity >> 4) }
    var isEmpty: Bool { ends.isEmpty }

    /// Adds a snapshot.
    mutating func append(_ snapshot: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: snapshot)
        ends.append(bytes.count)
    }

    /// Calls `body` with each snapshot in order until it returns `false`.
    func forEach(_ body: (UnsafeRawBufferPointer) throws -> Bool) rethrows {
        try bytes.withUnsafeBytes { all in
            var start = 0
            for end in ends {
                guard try body(UnsafeRawBufferPointer(rebasing: all[start..<end])) else { return }
                start = end
            }
        }
    }
}
