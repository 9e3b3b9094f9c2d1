import Foundation

/// A small lookup from JSON key bytes to a number (a column), without making a `String` of each key read: keys are
/// bucketed by length and first and last byte, then compared byte for byte.
struct KeyTable: Sendable {
    private struct Entry: Sendable {
        var key: [UInt8]
        var value: Int
    }

    private var buckets: [[Entry]] = Array(repeating: [], count: 256)

    /// Maps each key to its value; a later duplicate key is ignored.
    init(_ entries: [(key: String, value: Int)]) {
        for (key, value) in entries {
            let bytes = Array(key.utf8)
            guard !bytes.isEmpty else { continue }
            let bucket = Self.bucket(count: bytes.count, first: bytes[0], last: bytes[bytes.count - 1])
            guard !buckets[bucket].contains(where: { $0.key == bytes }) else { continue }
            buckets[bucket].append(Entry(key: bytes, value: value))
        }
    }

    /// The value of the key whose UTF-8 is `bytes`, if any.
    @inline(__always)
    func value(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard let first = bytes.first, let last = bytes.last else { return nil }
        for entry in buckets[Self.bucket(count: bytes.count, first: first, last: last)]
        where entry.key.count == bytes.count {
            let same = entry.key.withUnsafeBytes { key in memcmp(key.baseAddress!, bytes.baseAddress!, bytes.count) == 0
            }
            if same { return entry.value }
        }
        return nil
    }

    @inline(__always)
    private static func bucket(count: Int, first: UInt8, last: UInt8) -> Int {
        (count &* 31 &+ Int(first) &* 7 &+ Int(last)) & 255
    }
}
