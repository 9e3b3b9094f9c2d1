/// The values already seen in an import file, as digests, each with the row that had it first.
///
/// Hand-written open addressing rather than a `Dictionary`: the digest is already a hash, so one multiplication
/// picks its slot, where the dictionary ran each lookup through the seeded hasher (`Hasher.init` was then the
/// largest single cost in a CSV preview's profile). Slots are three flat arrays of 20 bytes a slot in all, kept at most
/// half full.
struct SeenValueTable {
    private var high: [UInt64]
    private var low: [UInt64]
    /// The row that had each slot's value; 0 marks an empty slot (data rows count from 1).
    private var rows: [Int32]
    private(set) var count = 0
    /// 64 minus the number of bits of a slot index.
    private let shift: Int

    /// An empty table with room for `capacity` values before it grows.
    init(capacity: Int = 1024) {
        let slots = max(16, (capacity * 2).nextPowerOfTwo)
        shift = Int.bitWidth - slots.trailingZeroBitCount
        high = Array(repeating: 0, count: slots)
        low = Array(repeating: 0, count: slots)
        rows = Array(repeating: 0, count: slots)
    }

    /// The row that had `digest` first, if any.
    subscript(digest: SeenValueDigest) -> Int? {
        let slot = find(digest)
        return rows[slot] == 0 ? nil : Int(rows[slot])
    }

    /// Remembers that `row` (1 or more) had `digest`, unless an earlier row did.
    mutating func insert(_ digest: SeenValueDigest, row: Int) {
        precondition(row > 0 && row <= Int(Int32.max), "data rows count from 1")
        if (count + 1) * 2 > rows.count { grow() }
        let slot = find(digest)
        guard rows[slot] == 0 else { return }
        high[slot] = digest.high
        low[slot] = digest.low
        rows[slot] = Int32(row)
        count += 1
    }

    /// The slot holding `digest`, or the empty slot where it belongs (linear probing; the table is never full).
    /// The top bits of a Fibonacci multiplication pick the first slot, as they depend on every bit of the digest
    /// (an FNV hash's own low bits do not).
    private func find(_ digest: SeenValueDigest) -> Int {
        let mask = rows.count - 1
        var slot = Int(truncatingIfNeeded: ((digest.high ^ digest.low) &* 0x9E37_79B9_7F4A_7C15) >> UInt64(shift))
        while rows[slot] != 0 && (low[slot] != digest.low || high[slot] != digest.high) {
            slot = (slot + 1) & mask
        }
        return slot
    }

    private mutating func grow() {
        var larger = SeenValueTable(capacity: rows.count)
        for slot in rows.indices where rows[slot] != 0 {
            larger.insert(SeenValueDigest(high: high[slot], low: low[slot]), row: Int(rows[slot]))
        }
        self = larger
    }
}

extension Int {
    /// The smallest power of two at least as large (1 for 0 and below).
    fileprivate var nextPowerOfTwo: Int {
        self <= 1 ? 1 : 1 << (Int.bitWidth - (self - 1).leadingZeroBitCount)
    }
}
