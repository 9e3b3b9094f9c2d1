import RosterModel

/// Evaluates a compiled plan over a tenant's columns, every contact at once: each node yields a row mask, and
/// a node is evaluated only for the rows still undecided (an AND's later conditions only where the earlier ones
/// held, an OR's only where they did not). A condition on a value is tested once per distinct value
/// (`ValueTest.holds`, the same test as the per-contact `SegmentEvaluator`) and looked up per row; behaviour and
/// aggregate conditions make one pass over the events of their name. The full computation and the estimate run it;
/// `FullAndIncrementalAgreementTests` checks it gives the per-contact evaluator's members.
///
/// Hand-written loops over unsafe buffers in place of evaluating `SegmentEvaluator` per contact over facts in
/// memory: the model case over 1,000,000 contacts took 0.38–0.86 s that way, and 0.10–0.14 s this way (the estimate,
/// release build, `roster-bench --only segmenter`).
struct ColumnEvaluator {
    let columns: TenantColumns
    /// Seconds since 1970 at which relative windows are measured.
    let now: Double
    /// The members of each segment the plan references.
    let memberships: [String: Set<String>]

    /// The rows (contacts with a profile) that satisfy the plan.
    func members(_ plan: SegmentPlan) -> [Bool] { evaluate(plan.root, within: columns.alive) }

    /// The rows of `range` (contacts with a profile) that satisfy the plan; every other row is `false`. A full
    /// computation evaluates its chunks this way, each over the columns as they are when the chunk is recorded.
    func members(_ plan: SegmentPlan, rows range: Range<Int>) -> [Bool] {
        var mask = [Bool](repeating: false, count: columns.count)
        let range = range.clamped(to: 0..<columns.count)
        mask.replaceSubrange(range, with: columns.alive[range])
        return evaluate(plan.root, within: mask)
    }

    private func evaluate(_ node: PlanNode, within mask: [Bool]) -> [Bool] {
        switch node {
        case .all(let nodes):
            var current = mask
            for node in nodes { current = evaluate(node, within: current) }
            return current
        case .any(let nodes):
            var result = [Bool](repeating: false, count: mask.count)
            var remaining = mask
            for node in nodes {
                let held = evaluate(node, within: remaining)
                for row in held.indices where held[row] {
                    result[row] = true
                    remaining[row] = false
                }
            }
            return result
        case .not(let inner):
            let held = evaluate(inner, within: mask)
            return mask.indices.map { mask[$0] && !held[$0] }
        case .attribute(_, let key, let test):
            return attribute(key, test, within: mask)
        case .behaviour(_, let test):
            let counts = counts(test.selector, within: mask)
            return mask.indices.map { row in
                mask[row] && (test.count.holds(Int(counts[row])) == test.did)
            }
        case .aggregate(_, let test):
            return aggregate(test, within: mask)
        case .segment(_, let id):
            var result = [Bool](repeating: false, count: mask.count)
            for contact in memberships[id] ?? [] {
                if let row = columns.rows[contact], mask[Int(row)] { result[Int(row)] = true }
            }
            return result
        }
    }

    private func attribute(_ key: String, _ test: ValueTest, within mask: [Bool]) -> [Bool] {
        guard let column = columns.attributes[key] else { preconditionFailure("column \(key) is not loaded") }
        let table: [Bool]
        let absent: Bool
        if test.kind == .tags {
            table = column.table { value in
                guard case .array(let tags) = value else { return test.holds(tags: []) }
                return test.holds(tags: Set(tags.compactMap(\.text)))
            }
            absent = test.holds(tags: [])
        } else {
            table = column.table { test.holds($0, now: now) }
            absent = test.holds(nil, now: now)
        }
        return Self.lookup(column.codes, table, absent: absent, within: mask)
    }

    /// `table[code]` (or `absent`) for every row of the mask.
    private static func lookup(_ codes: [Int32], _ table: [Bool], absent: Bool, within mask: [Bool]) -> [Bool] {
        var result = [Bool](repeating: false, count: mask.count)
        let count = min(codes.count, mask.count)
        codes.withUnsafeBufferPointer { codes in
            table.withUnsafeBufferPointer { table in
                mask.withUnsafeBufferPointer { mask in
                    result.withUnsafeMutableBufferPointer { result in
                        for row in 0..<count where mask[row] {
                            let code = codes[row]
                            result[row] = code < 0 ? absent : table[Int(code)]
                        }
                    }
                }
            }
        }
        return result
    }

    /// For each event of the selector's name: whether it is in the window and its properties match.
    private func matching(_ selector: EventSelector, _ events: EventTable, within mask: [Bool]) -> [Bool] {
        var matched = [Bool](repeating: false, count: events.rows.count)
        let filters = (selector.filter?.tests ?? []).map { property, test in
            guard let column = events.values[property] else {
                preconditionFailure("property \(property) of \(selector.event) is not loaded")
            }
            return (
                codes: column.codes, table: column.table { test.holds($0, now: now) }, absent: test.holds(nil, now: now)
            )
        }
        // Without a filter every event matches; an AND of no tests holds, an OR of none does not (as `matches`).
        let any = selector.filter?.join == .or
        events.rows.withUnsafeBufferPointer { rows in
            events.times.withUnsafeBufferPointer { times in
                mask.withUnsafeBufferPointer { mask in
                    for index in 0..<rows.count where mask[Int(rows[index])] {
                        guard selector.window.contains(times[index], now: now) else { continue }
                        var held = !any
                        for filter in filters {
                            let code = filter.codes[index]
                            let value = code < 0 ? filter.absent : filter.table[Int(code)]
                            if value == any {
                                held = any
                                break
                            }
                        }
                        matched[index] = held
                    }
                }
            }
        }
        return matched
    }

    private func counts(_ selector: EventSelector, within mask: [Bool]) -> [Int32] {
        var counts = [Int32](repeating: 0, count: mask.count)
        guard let events = columns.events[selector.event] else {
            preconditionFailure("events \(selector.event) are not loaded")
        }
        let matched = matching(selector, events, within: mask)
        for index in matched.indices where matched[index] { counts[Int(events.rows[index])] += 1 }
        return counts
    }

    private func aggregate(_ test: AggregateTest, within mask: [Bool]) -> [Bool] {
        guard let events = columns.events[test.selector.event] else {
            preconditionFailure("events \(test.selector.event) are not loaded")
        }
        let matched = matching(test.selector, events, within: mask)
        let numbers: (codes: [Int32], values: [Double?])? = (test.function == .count ? nil : test.property).map {
            property in
            guard let column = events.values[property] else {
                preconditionFailure("property \(property) of \(test.selector.event) is not loaded")
            }
            return (column.codes, column.values.map(ValueTest.number))
        }
        var counts = [Int32](repeating: 0, count: mask.count)
        var sums = [Double](repeating: 0, count: mask.count)
        var minimums = [Double](repeating: .infinity, count: mask.count)
        var maximums = [Double](repeating: -.infinity, count: mask.count)
        for index in matched.indices where matched[index] {
            let row = Int(events.rows[index])
            if test.function == .count {
                counts[row] += 1
                continue
            }
            guard let numbers else { continue }
            let code = numbers.codes[index]
            guard code >= 0, let number = numbers.values[Int(code)] else { continue }
            counts[row] += 1
            sums[row] += number
            minimums[row] = min(minimums[row], number)
            maximums[row] = max(maximums[row], number)
        }
        return mask.indices.map { row in
            guard mask[row] else { return false }
            let count = counts[row]
            let value: Double? =
                switch test.function {
                case .count: Double(count)
                case .sum: sums[row]
                case .avg: count == 0 ? nil : sums[row] / Double(count)
                case .min: count == 0 ? nil : minimums[row]
                case .max: count == 0 ? nil : maximums[row]
                }
            guard let value else { return false }
            return test.comparison.holds(.double(value), now: now)
        }
    }
}
