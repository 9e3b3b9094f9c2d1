import RosterModel
import RosterRuntime

/// Finds duplicates among checked rows, in file order, so that the preview and the import count and import exactly
/// the same rows: a valid row whose primary key (normalized as the resolver does) was on an earlier importable row is
/// a duplicate, which is also invalid; blocked values never make rows duplicates, as they never join contacts. An
/// unsubscribe row repeating an earlier row's `event_id` is invalid.
struct RowEvaluator {
    /// Checks rows that no other thread checked.
    let checker: RowChecker
    private var seenKeys = SeenValueTable()
    private var seenEventIDs = SeenValueTable()

    init(checker: RowChecker) {
        self.checker = checker
    }

    /// The verdict on one data row; importable rows' keys count as seen for the rows after them.
    mutating func evaluate(_ record: SourceRecord) -> RowVerdict {
        deduplicated(checker.check(record))
    }

    /// The verdict on a row already checked; rows must come in file order.
    mutating func deduplicated(_ checked: CheckedRow) -> RowVerdict {
        var verdict = checked.verdict
        guard verdict.status == .importable else { return verdict }
        let row = verdict.row
        let digests = checked.keys.map { SeenValueDigest($0.kind, $0.value) }
        for (key, digest) in zip(checked.keys, digests) {
            if let earlier = seenKeys[digest] {
                verdict.status = .duplicate
                verdict.problems.append(
                    .init(
                        row: row, field: key.kind, value: key.raw,
                        reason: "duplicates row \(earlier) (\(key.kind) \(key.value))"))
                return verdict
            }
        }
        if let eventID = verdict.content.eventID, let earlier = seenEventIDs[SeenValueDigest("event_id", eventID)] {
            verdict.status = .invalid
            verdict.problems.append(
                .init(
                    row: row, field: ColumnMapping.eventIDColumn, value: eventID,
                    reason: "is already the event_id of row \(earlier)"))
            return verdict
        }
        for digest in digests { seenKeys.insert(digest, row: row) }
        if let eventID = verdict.content.eventID { seenEventIDs.insert(SeenValueDigest("event_id", eventID), row: row) }
        return verdict
    }
}
