/// The values already seen in an import file, as digests, each with the row that had it first.
///
/// Hand-written open addressing rather than a `Dictionary`: the digest is already a hash, so one multiplication
/// picks its slot, where the dictionary ran each lookup through the seeded hasher (`Hasher.init` was then the
/// largest single cost in a CSV preview's profile). Slots are kept at most half full, each slot's digest and row side
/// by side in 16 bytes of one array: a million-row file's table is larger than any cache, and as three arrays (digest
/// halves and rows apart) every probe missed the cache three times, and finding duplicates took a quarter of a
/// row's checks; one array of 16-byte slots cut that by about a third, in less memory. A slot keeps 96 of the
/// digest's 128 bits, still far too many for two million keys to collide.
struct SeenValueTable {
    /// A digest (its high half and the low half's low 32 bits) and the row that had it first; row 0 marks an empty
    /// slot (data rows count from 1).
    private struct Slot {
        var high: UInt64 = 0
        var low: UInt32 = 0
        var row: Int32 = 0

        func holds(_ digest: SeenValueDigest) -> Bool {
            high == digest.high && low == UInt32(truncatingIfNeeded: digest.low)
        }
    }

    private var slots: [Slot]
    private(set) var count = 0
    /// 64 minus the number of bits of a slot index.
    private let shift: Int

    /// An empty table with room for `capacity` values before it grows.
    init(capacity: Int = 1024) {
        let size = max(16, (capacity * 2).nextPowerOfTwo)
        shift = Int.bitWidth - size.trailingZeroBitCount
        slots = Array(repeating: Slot(), count: size)
    }

    /// The row that had `digest` first, if any.
    subscript(digest: SeenValueDigest) -> Int? {
        let row = slots[find(digest)].row
        return row == 0 ? nil : Int(row)
    }

    /// Remembers that `row` (1 or more) had `digest`, unless an earlier row did.
    mutating func insert(_ digest: SeenValueDigest, row: Int) {
        precondition(row > 0 && row <= Int(Int32.max), "data rows count from 1")
        if (count + 1) * 2 > slots.count { grow() }
        let slot = find(digest)
        guard slots[slot].row == 0 else { return }
        slots[slot] = Slot(high: digest.high, low: UInt32(truncatingIfNeeded: digest.low), row: Int32(row))
        count += 1
    }

    /// The slot holding `digest`, or the empty slot where it belongs (linear probing; the table is never full).
    /// The top bits of a Fibonacci multiplication of the high half pick the first slot, as they depend on every bit
    /// of it (an FNV hash's own low bits do not); the high half alone, so that a slot's kept bits find it again.
    private func find(_ digest: SeenValueDigest) -> Int {
        slots.withUnsafeBufferPointer { slots in
            let mask = slots.count - 1
            var slot = Int(truncatingIfNeeded: (digest.high &* 0x9E37_79B9_7F4A_7C15) >> UInt64(shift))
            while slots[slot].row != 0 && !slots[slot].holds(digest) {
                slot = (slot + 1) & mask
            }
            return slot
        }
    }

    private mutating func grow() {
        var larger = SeenValueTable(capacity: slots.count)
        for slot in slots where slot.row != 0 {
            larger.insert(SeenValueDigest(high: slot.high, low: UInt64(slot.low)), row: Int(slot.row))
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
