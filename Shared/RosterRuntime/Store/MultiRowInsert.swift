import GRDB

/// Inserts many rows into one table with multi-row `INSERT … VALUES (…), (…)` statements: chunks of 64, 16, 4 and 1
/// rows, each statement prepared once per connection.
///
/// Written for the resolver's batch end, which inserts a few thousand timeline entries and identifiers, and used for a
/// batch's outbox rows: one statement per row paid GRDB's and SQLite's per-statement work (reset, argument checks, a
/// program run) for every row. The values are kept as `DatabaseValue`s and bound in place (`BoundStatement`): a
/// chunk's `StatementArguments` (built from the values, checked, copied again to bind) took more of the resolver's
/// batch than SQLite's own insert work.
public struct MultiRowInsert {
    /// `INSERT [OR IGNORE] INTO table (columns)`, without `VALUES`.
    public let head: String
    public let columns: Int
    private var values: [DatabaseValue] = []

    /// An insert into the table and columns `head` names, `columns` values a row.
    public init(_ head: String, columns: Int) {
        self.head = head
        self.columns = columns
    }

    /// Adds a row of `columns` values.
    public mutating func append(_ row: [(any DatabaseValueConvertible)?]) {
        for value in row { values.append(value?.databaseValue ?? .null) }
    }

    /// Inserts the rows added, leaving none.
    public mutating func execute(_ db: Database) throws {
        var start = 0
        let rows = values.count / columns
        let tuple = "(" + Array(repeating: "?", count: columns).joined(separator: ", ") + ")"
        while start < rows {
            let chunk = [64, 16, 4, 1].first { $0 <= rows - start }!
            var statement = BoundStatement(
                try db.cachedStatement(
                    sql: head + " VALUES " + Array(repeating: tuple, count: chunk).joined(separator: ", ")))
            for value in values[(start * columns)..<((start + chunk) * columns)] { try statement.bind(value) }
            try statement.execute()
            start += chunk
        }
        values = []
    }
}
