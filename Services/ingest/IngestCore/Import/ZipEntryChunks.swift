import CCompressZlib
import Foundation
import RosterRuntime
import ZIPFoundation

/// One entry of a workbook package as its inflated bytes, in chunks: inflated on a thread of its own while the
/// caller reads, checked against the entry's CRC-32 at its end, and refused when it inflates to more than
/// `maximumExpansion` times its compressed size (a zip bomb), so that neither memory nor disk grows with it.
///
/// The sheet used to be unpacked to a temporary file first (writing, then reading back, the whole sheet, which a
/// zip bomb could make as large as it liked) with ZIPFoundation's CRC-32, computed in Swift a byte at a time on
/// Linux; zlib's `crc32` replaces it. On the benchmark's sheet, inflating and checking together now take about
/// 0.7 µs of CPU per row on their own thread (the CRC a third of that), a tenth of what parsing the XML takes.
final class ZipEntryChunks: ByteChunks {
    /// The largest inflated size accepted, as a multiple of the compressed size (Apache POI's default bound).
    static var maximumExpansion: Int { 100 }
    /// Bytes inflated per chunk.
    static var chunkSize: Int { 256 * 1024 }

    /// The archive, used by the inflating thread only until it is joined.
    private final class ArchiveBox: @unchecked Sendable {
        let archive: Archive
        let entry: Entry

        init(_ archive: Archive, _ entry: Entry) {
            self.archive = archive
            self.entry = entry
        }
    }

    /// Ends the inflate early when the reader stopped reading.
    private struct Stopped: Error {}

    private let handoff = Handoff<[UInt8]>(capacity: 4)
    private var inflater: StageThread?

    /// Starts inflating the entry `part` of `archive`.
    init(_ archive: Archive, part: String) throws {
        guard let entry = archive[part] else { throw ImportError.malformedSpreadsheet("\(part) is missing") }
        let box = ArchiveBox(archive, entry)
        let handoff = handoff
        inflater = StageThread(name: "import-inflate") {
            do {
                try Self.inflate(box, part: part, into: handoff)
                handoff.finish()
            } catch is Stopped {
                handoff.finish()
            } catch let error as RosterError {
                handoff.finish(throwing: error)
            } catch {
                handoff.finish(throwing: ImportError.malformedSpreadsheet("\(part) cannot be unpacked: \(error)"))
            }
        }
    }

    deinit {
        close()
    }

    func next() throws -> [UInt8]? {
        try handoff.take()
    }

    /// Stops the inflate, if it still runs, and waits for its thread.
    func close() {
        handoff.cancel()
        inflater?.join()
        inflater = nil
    }

    private static func inflate(_ box: ArchiveBox, part: String, into handoff: Handoff<[UInt8]>) throws {
        let limit = max(Int(clamping: box.entry.compressedSize), 1) * maximumExpansion
        var checksum: uLong = 0
        var size = 0
        _ = try box.archive.extract(box.entry, bufferSize: chunkSize, skipCRC32: true) { data in
            size += data.count
            guard size <= limit else {
                throw ImportError.malformedSpreadsheet(
                    "\(part) inflates to more than \(maximumExpansion) times its packed size: it looks like a zip bomb")
            }
            let bytes = [UInt8](data)
            checksum = bytes.withUnsafeBufferPointer { crc32(checksum, $0.baseAddress, uInt($0.count)) }
            guard handoff.put(bytes) else { throw Stopped() }
        }
        guard UInt32(checksum) == box.entry.checksum else {
            throw ImportError.malformedSpreadsheet("\(part) is damaged: its CRC-32 does not match its contents")
        }
    }
}
