import GRDB
import GRDBSQLite

/// Binds values to a prepared statement one position after another and runs it, over the SQLite statement.
///
/// Hand-written for the statements run for every event on the hot paths (social-sync's contact writes and reads,
/// `MultiRowInsert`): `execute(arguments:)` and `setArguments` build a `StatementArguments` array of `DatabaseValue`s
/// and check it on every call. Binding each value in place cut the Swift side of a social contact's write and read
/// from 7.7 to 4.7 µs of CPU per event (perf on `roster-bench --only social --social-contacts 200000
/// --social-events 50000`, release).
///
/// It steps the SQLite statement itself, so GRDB's transaction observers do not see these statements; the workers
/// register none.
public struct BoundStatement {
    /// The statement, reset and ready for its first value.
    public let statement: Statement
    private let raw: SQLiteStatement
    private var position: CInt = 0

    /// Takes a cached statement, reset from any earlier use.
    public init(_ statement: Statement) {
        self.statement = statement
        self.raw = statement.sqliteStatement
        sqlite3_reset(raw)
    }

    /// Binds the next parameter (NULL for nil).
    public mutating func bind<Value: StatementBinding>(_ value: Value?) throws {
        position += 1
        let code = value.map { $0.bind(to: raw, at: position) } ?? sqlite3_bind_null(raw, position)
        guard code == SQLITE_OK else { throw statement.failure(code) }
    }

    /// Runs a statement that returns no rows (an insert, update or delete).
    public func execute() throws {
        let code = sqlite3_step(raw)
        guard code == SQLITE_DONE else {
            let failure = statement.failure(code)
            sqlite3_reset(raw)
            throw failure
        }
        sqlite3_reset(raw)
    }
}

extension Statement {
    /// The error a step or bind of this statement returned, with SQLite's message and the statement's SQL.
    public func failure(_ code: CInt) -> DatabaseError {
        DatabaseError(
            resultCode: ResultCode(rawValue: code),
            message: String(cString: sqlite3_errmsg(sqlite3_db_handle(sqliteStatement))), sql: sql)
    }
}
