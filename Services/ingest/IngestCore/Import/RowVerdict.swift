import RosterModel
import RosterRuntime

/// What the import makes of one data row.
struct RowVerdict: Sendable, Equatable {
    /// The row's status in counts and previews.
    enum Status: String, Codable, Sendable {
        /// Becomes one event.
        case importable
        /// Not imported; `problems` says why.
        case invalid
        /// Not imported: a primary key already seen on an earlier importable row. Counted as invalid too.
        case duplicate
    }

    /// The data row's number (1 is the first row under the header).
    var row: Int
    var status: Status
    /// Every reason the row is not imported, each naming the column and value.
    var problems: [RosterError.Detail]
    /// What an importable row carries into its event.
    var content: RowContent
}

/// The parts of a row that go into its event.
struct RowContent: Sendable, Equatable {
    /// Identifier kind → value as the file gives it (trimmed); the resolver normalizes it.
    var identifiers: [String: String] = [:]
    /// Attribute key → typed value.
    var attributes: [String: JSONValue] = [:]
    /// An unsubscribe row's `event_id`.
    var eventID: String?
    /// An unsubscribe row's `create_time`, as RFC 3339.
    var occurredAt: String?
}
