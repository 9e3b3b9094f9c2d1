/// A 128-bit digest of a value already seen in an import file, kept instead of the value itself: a million-row file
/// remembers two million keys, and as strings in a dictionary they took about 300 MB; as digests they take a
/// fraction of that. Two 64-bit FNV-style hashes with different offset bases make a false "duplicate" vanishingly
/// unlikely at these sizes.
struct SeenValueDigest: Equatable {
    let high: UInt64
    let low: UInt64

    /// A digest from its two halves (as a table stores them).
    init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// The digest of `value` under `namespace` (an identifier kind, or `event_id`).
    init(_ namespace: String, _ value: String) {
        var high: UInt64 = 0xcbf2_9ce4_8422_2325
        var low: UInt64 = 0x6c62_272e_07bb_0142
        func mix(_ byte: UInt8) {
            high = (high ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            low = (low ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 &+ 0x9e37_79b9
        }
        for byte in namespace.utf8 { mix(byte) }
        mix(0)
        for byte in value.utf8 { mix(byte) }
        self.high = high
        self.low = low
    }
}
