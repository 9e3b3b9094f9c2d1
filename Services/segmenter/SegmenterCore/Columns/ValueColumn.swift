import RosterModel

/// One JSON value (or none) per row, dictionary-encoded: each row holds a code into the column's distinct values,
/// so that a condition is tested once per distinct value and then looked up per row.
///
/// Values are de-duplicated while there are at most `dedupeLimit` of them (a location, a form name, a tag set);
/// past that (a creation time, an e-mail) a changed row appends its value, and the values are compacted when
/// they reach twice the rows.
struct ValueColumn: Sendable {
    /// The row's code into `values`; `-1` when the row has no value.
    private(set) var codes: [Int32] = []
    private(set) var values: [JSONValue] = []
    private var index: [JSONValue: Int32]? = [:]
    static let dedupeLimit = 65_536

    /// The value of a row, `nil` when it has none.
    func value(at row: Int) -> JSONValue? {
        let code = codes[row]
        return code < 0 ? nil : values[Int(code)]
    }

    /// Adds a row.
    mutating func append(_ value: JSONValue?) {
        codes.append(code(for: value))
    }

    /// Grows the column to `count` rows without values.
    mutating func pad(to count: Int) {
        if codes.count < count { codes.append(contentsOf: repeatElement(-1, count: count - codes.count)) }
    }

    /// Replaces a row's value.
    mutating func set(_ row: Int, _ value: JSONValue?) {
        pad(to: row + 1)
        codes[row] = code(for: value)
        if index == nil, values.count > 2 * max(codes.count, 1024) { compact() }
    }

    /// The results of `test` for each distinct value, indexed by code.
    func table(_ test: (JSONValue) -> Bool) -> [Bool] { values.map(test) }

    private mutating func code(for value: JSONValue?) -> Int32 {
        guard let value else { return -1 }
        if let code = index?[value] { return code }
        let code = Int32(values.count)
        values.append(value)
        if index != nil {
            if values.count > Self.dedupeLimit { index = nil } else { index?[value] = code }
        }
        return code
    }

    /// Drops the values no row refers to any more.
    private mutating func compact() {
        var kept: [JSONValue] = []
        kept.reserveCapacity(codes.count)
        for row in codes.indices where codes[row] >= 0 {
            kept.append(values[Int(codes[row])])
            codes[row] = Int32(kept.count - 1)
        }
        values = kept
    }
}
