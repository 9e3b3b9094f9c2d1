import CCompressZlib
import CompressNIO
import Foundation
import NIOCore
import RosterRuntime

/// Writes a ZIP archive, the container of an .xlsx, front to back: each entry is deflated as its bytes arrive and
/// its sizes and CRC-32 follow it in a data descriptor, so nothing is held or written twice.
///
/// Written by hand over CompressNIO's zlib deflate because ZIPFoundation (which reads the uploads) needs an entry's
/// size before its first byte, so an export had to write the sheet to a temporary file and read it back, and it
/// deflates at zlib's default level. Level 1, streamed, is what lets an XLSX export keep up with its rows: on sheet
/// XML like the export benchmark's (480 MB for a million rows) zlib deflated 2.6 times faster at level 1 than at
/// level 6, for output a third larger. Entries and the archive stay under 4 GiB (ZIP64 is not written); a larger
/// one is an error that says so. One thread at a time uses it (a `SheetDeflater` hands it from the caller to its
/// thread and back).
final class ZipArchiveWriter: @unchecked Sendable {
    private struct Entry {
        var name: [UInt8]
        var offset: Int
        var crc: UInt32 = 0
        var compressed = 0
        var uncompressed = 0
    }

    private let sink: ByteSink
    private let compressor: ZlibCompressor
    private var input = ByteBufferAllocator().buffer(capacity: 1 << 20)
    private var output = ByteBufferAllocator().buffer(capacity: 1 << 20)
    private var entries: [Entry] = []
    private var current: Entry?
    private let time: UInt16
    private let date: UInt16

    /// Creates (or truncates) the archive at `path`; entries are stamped with `modified`.
    init(path: String, modified: Date = Date()) throws {
        sink = try ByteSink(path: path)
        compressor = try ZlibCompressor(
            algorithm: .deflate, configuration: ZlibConfiguration(compressionLevel: .fastestCompression))
        (time, date) = Self.dosTime(modified)
    }

    /// An entry of `bytes`, whole.
    func addEntry(_ name: String, _ bytes: [UInt8]) throws {
        try beginEntry(name)
        try bytes.withUnsafeBytes { try append($0) }
        try endEntry()
    }

    /// Starts an entry; its bytes follow with `append`, then `endEntry`.
    func beginEntry(_ name: String) throws {
        precondition(current == nil, "an entry is already open")
        let entry = Entry(name: Array(name.utf8), offset: sink.count)
        try writeInteger(UInt32(0x0403_4b50))
        try writeCommonHeader(entry, sizesFollow: true)
        try sink.write(entry.name)
        current = entry
        try compressor.reset()
    }

    /// Adds bytes to the open entry.
    func append(_ bytes: UnsafeRawBufferPointer) throws {
        guard var entry = current, let base = bytes.baseAddress, bytes.count > 0 else { return }
        entry.crc = UInt32(crc32(uLong(entry.crc), base.assumingMemoryBound(to: UInt8.self), uInt(bytes.count)))
        entry.uncompressed += bytes.count
        input.clear()
        input.writeBytes(bytes)
        while input.readableBytes > 0 {
            output.clear()
            try compressor.deflate(from: &input, to: &output, flush: .no)
            entry.compressed += output.readableBytes
            try output.withUnsafeReadableBytes { try sink.write($0) }
        }
        current = entry
    }

    /// Ends the open entry: the deflate stream's end, then the data descriptor.
    func endEntry() throws {
        guard var entry = current else { return }
        input.clear()
        while true {
            output.clear()
            do {
                try compressor.deflate(from: &input, to: &output, flush: .finish)
                entry.compressed += output.readableBytes
                try output.withUnsafeReadableBytes { try sink.write($0) }
                break
            } catch let error as CompressNIOError where error == .bufferOverflow {
                entry.compressed += output.readableBytes
                try output.withUnsafeReadableBytes { try sink.write($0) }
            }
        }
        guard entry.compressed <= Int(UInt32.max), entry.uncompressed < Int(UInt32.max) else {
            throw RosterError.exportFailed(
                "\(String(decoding: entry.name, as: UTF8.self)) is larger than 4 GiB, more than an XLSX file holds here;"
                    + " export fewer attributes or as CSV")
        }
        try writeInteger(UInt32(0x0807_4b50))
        try writeInteger(entry.crc)
        try writeInteger(UInt32(entry.compressed))
        try writeInteger(UInt32(entry.uncompressed))
        entries.append(entry)
        current = nil
    }

    /// Writes the central directory and closes the file, durably.
    func finish() throws {
        precondition(current == nil, "an entry is still open")
        let start = sink.count
        for entry in entries {
            try writeInteger(UInt32(0x0201_4b50))
            try writeInteger(UInt16(20))
            try writeCommonHeader(entry, sizesFollow: false)
            try writeInteger(UInt16(0))  // comment length
            try writeInteger(UInt16(0))  // disk number
            try writeInteger(UInt16(0))  // internal attributes
            try writeInteger(UInt32(0))  // external attributes
            try writeInteger(UInt32(entry.offset))
            try sink.write(entry.name)
        }
        let size = sink.count - start
        guard sink.count < Int(UInt32.max) else {
            throw RosterError.exportFailed("the workbook is larger than 4 GiB; export fewer attributes or as CSV")
        }
        try writeInteger(UInt32(0x0605_4b50))
        try writeInteger(UInt16(0))
        try writeInteger(UInt16(0))
        try writeInteger(UInt16(entries.count))
        try writeInteger(UInt16(entries.count))
        try writeInteger(UInt32(size))
        try writeInteger(UInt32(start))
        try writeInteger(UInt16(0))
        try sink.close()
    }

    /// From "version needed" to "extra field length", shared by the local and the central header. A local header
    /// written before its data has zero sizes and CRC: they follow in the data descriptor (flag bit 3).
    private func writeCommonHeader(_ entry: Entry, sizesFollow: Bool) throws {
        try writeInteger(UInt16(20))  // version needed: 2.0, deflate
        try writeInteger(UInt16(0x0808))  // data descriptor follows; names are UTF-8
        try writeInteger(UInt16(8))  // deflate
        try writeInteger(time)
        try writeInteger(date)
        try writeInteger(sizesFollow ? 0 : entry.crc)
        try writeInteger(UInt32(sizesFollow ? 0 : entry.compressed))
        try writeInteger(UInt32(sizesFollow ? 0 : entry.uncompressed))
        try writeInteger(UInt16(entry.name.count))
        try writeInteger(UInt16(0))  // extra field length
    }

    private func writeInteger<Value: FixedWidthInteger>(_ value: Value) throws {
        var little = value.littleEndian
        try withUnsafeBytes(of: &little) { try sink.write($0) }
    }

    /// MS-DOS time and date (local fields of the ZIP headers), in UTC.
    private static func dosTime(_ date: Date) -> (UInt16, UInt16) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let time = (parts.hour ?? 0) << 11 | (parts.minute ?? 0) << 5 | (parts.second ?? 0) / 2
        let day = max((parts.year ?? 1980) - 1980, 0) << 9 | (parts.month ?? 1) << 5 | (parts.day ?? 1)
        return (UInt16(time), UInt16(day))
    }
}
