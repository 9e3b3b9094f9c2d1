import Foundation
import RosterRuntime

/// A stream of bytes read a chunk at a time, so that memory does not grow with the file.
protocol ByteChunks {
    /// The next chunk, or nil at the end.
    mutating func next() throws -> [UInt8]?
}

/// A file's bytes in chunks of `chunkSize`, after skipping `skipping` bytes (a byte-order mark).
struct FileChunks: ByteChunks {
    private let handle: FileHandle
    private let chunkSize: Int

    init(path: String, skipping: Int = 0, chunkSize: Int = 64 * 1024) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ImportError.fileMissing(path)
        }
        if skipping > 0 { try handle.seek(toOffset: UInt64(skipping)) }
        self.handle = handle
        self.chunkSize = chunkSize
    }

    mutating func next() throws -> [UInt8]? {
        guard let data = try handle.read(upToCount: chunkSize), !data.isEmpty else {
            try? handle.close()
            return nil
        }
        return [UInt8](data)
    }

    /// The first `count` bytes of a file, for encoding detection.
    static func prefix(of path: String, count: Int) throws -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ImportError.fileMissing(path)
        }
        defer { try? handle.close() }
        return [UInt8](try handle.read(upToCount: count) ?? Data())
    }
}

/// UTF-16 chunks turned into UTF-8 chunks. A code unit that does not decode becomes the byte 0xFF, which is never
/// valid UTF-8, so that the row holding it is reported as undecodable rather than silently repaired.
struct UTF16ToUTF8Chunks<Source: ByteChunks>: ByteChunks {
    /// The byte that marks an undecodable code unit in the output.
    static var undecodableMarker: UInt8 { 0xFF }

    private var source: Source
    private let converter: Iconv
    private var carry: [UInt8] = []
    private var finished = false

    init(_ source: Source, encoding: TextEncoding) throws {
        self.source = source
        self.converter = try Iconv.toUTF8(from: encoding)
    }

    mutating func next() throws -> [UInt8]? {
        while !finished {
            guard let chunk = try source.next() else {
                finished = true
                guard !carry.isEmpty else { return nil }
                let outcome = converter.lenient(
                    carry[...], replacement: [Self.undecodableMarker], skip: 2, isFinal: true)
                carry = []
                return outcome.output
            }
            let input = carry + chunk
            let outcome = converter.lenient(input[...], replacement: [Self.undecodableMarker], skip: 2, isFinal: false)
            carry = Array(input.suffix(outcome.incomplete))
            if !outcome.output.isEmpty { return outcome.output }
        }
        return nil
    }
}
