import Foundation

/// Which SQL engine a statement goes to. The outbox's queries are written once, in the SQL the
/// two engines share; the few places they differ ask the dialect.
enum SQLDialect: Sendable {
    /// The embedded outbox: one file, one host.
    case sqlite
    /// The shared outbox: several gateway hosts on one PostgreSQL database.
    case postgres
}

/// A connection the outbox runs its SQL on: ``SQLiteConnection`` or ``PostgresConnection``.
///
/// Statements use `?` placeholders and SQLite's `INSERT OR IGNORE`; the PostgreSQL connection
/// translates both. Not thread-safe by itself: the store serialises access with a lock.
protocol SQLDatabase: AnyObject {
    var dialect: SQLDialect { get }
    /// Runs SQL with no parameters and no results (several statements allowed).
    func execute(_ sql: String) throws(OutboxError)
    /// Runs one statement; returns how many rows it changed.
    @discardableResult
    func run(_ sql: String, _ values: [SQLValue]) throws(OutboxError) -> Int
    func query(_ sql: String, _ values: [SQLValue]) throws(OutboxError) -> [[SQLValue]]
    /// Runs an `INSERT` of one row and returns the id the database gave it.
    func insertReturningID(_ sql: String, _ values: [SQLValue]) throws(OutboxError) -> Int64
    /// Runs one statement over `rows`, each `width` values bound in order (a multi-row statement).
    func run(_ sql: String, rows: ArraySlice<[SQLValue]>, width: Int) throws(OutboxError)
    /// How many rows one multi-row `INSERT` of `columns` columns may carry (see ``insertRows``).
    func rowsPerStatement(columns: Int) -> Int
    /// Runs `body` in one write transaction: all of it is committed, or none. `body` may run
    /// more than once (PostgreSQL retries a transaction it chose as a deadlock victim), so it
    /// keeps its effects inside the database or in values it returns.
    func transaction<T>(_ body: () throws(OutboxError) -> T) throws(OutboxError) -> T
}

extension SQLDatabase {
    /// Inserts many rows with multi-row `INSERT … VALUES (…), (…)` statements: a large batch pays
    /// the per-statement cost (planning, binding, the statement journal) once per chunk instead
    /// of once per row. `verb` is `INSERT` or `INSERT OR IGNORE`. On a uniqueness violation the
    /// failing chunk is undone as a whole and the error's kind is `.conflict`; the caller names
    /// the culprit. `then`, when given, follows the rows as it is: an `ON CONFLICT …` clause.
    func insertRows(_ verb: String, into table: String, columns: [String], rows: [[SQLValue]], then: String = "") throws(OutboxError) {
        let placeholders = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        let head = "\(verb) INTO \(table)(\(columns.joined(separator: ", "))) VALUES "
        let tail = then.isEmpty ? "" : " " + then
        try runChunked(rows, width: columns.count) { head + Array(repeating: placeholders, count: $0).joined(separator: ", ") + tail }
    }

    /// Runs `sql(n)` — a statement carrying n rows of `width` values — over `rows`, as many at a
    /// time as one statement may carry (see ``statementRows(remaining:most:)``).
    private func runChunked(_ rows: [[SQLValue]], width: Int, _ sql: (Int) -> String) throws(OutboxError) {
        let perStatement = rowsPerStatement(columns: width)
        var start = 0
        while start < rows.count {
            let end = start + Self.statementRows(remaining: rows.count - start, most: perStatement)
            try run(sql(end - start), rows: rows[start..<end], width: width)
            start = end
        }
    }

    /// How many of `remaining` rows the next statement carries: `most` while that many are left,
    /// then the largest power of two that fits. Each connection keeps a statement prepared per
    /// text; with one text per row count, every odd-sized batch would prepare a new one and keep
    /// it, where this way a statement has at most a handful of texts.
    static func statementRows(remaining: Int, most: Int) -> Int {
        guard remaining < most else { return most }
        var rows = 1
        while rows * 2 <= remaining { rows *= 2 }
        return rows
    }

    /// Sets columns of many rows of `table` by id with `UPDATE … FROM (VALUES …)` statements (both
    /// engines name the columns of a `VALUES` list column1, column2, …): each row of `rows` is the
    /// id, then one value for each of `columns` (name and SQL type — PostgreSQL needs the type to
    /// compare and assign an untyped parameter). `also` is appended to the `SET` list as it is.
    /// One statement per chunk instead of one per row: a receipt transaction's updates were half
    /// of applying a receipt, most of it per-statement cost (binding, the statement journal).
    func updateRows(_ table: String, columns: [(name: String, type: String)], also: String = "", rows: [[SQLValue]]) throws(OutboxError) {
        let assignments = columns.enumerated().map { "\($0.element.name) = v.column\($0.offset + 2)" } + (also.isEmpty ? [] : [also])
        let placeholders = "(CAST(? AS BIGINT), " + columns.map { "CAST(? AS \($0.type))" }.joined(separator: ", ") + ")"
        let head = "UPDATE \(table) SET \(assignments.joined(separator: ", ")) FROM (VALUES "
        try runChunked(rows, width: columns.count + 1) {
            head + Array(repeating: placeholders, count: $0).joined(separator: ", ") + ") AS v WHERE \(table).id = v.column1"
        }
    }

    /// Runs `body` so that its failure leaves the surrounding transaction usable: SQLite undoes
    /// just the failed statement by itself; PostgreSQL aborts the whole transaction unless the
    /// statement ran under a savepoint, which is rolled back to on failure.
    func recoverable<T>(_ body: () throws(OutboxError) -> T) throws(OutboxError) -> T {
        guard dialect == .postgres else { return try body() }
        try execute("SAVEPOINT recoverable")
        do {
            let result = try body()
            try execute("RELEASE SAVEPOINT recoverable")
            return result
        } catch {
            try execute("ROLLBACK TO SAVEPOINT recoverable")
            throw error
        }
    }

    /// Runs `sql` once for every chunk of `values` (see ``SQLInList``) — `sql` is given the
    /// placeholders of its `IN (…)` list — with `leading` bound before each chunk, and returns the
    /// rows of them all. The list is a membership test: a value may appear in it more than once.
    func queryChunked(_ values: [SQLValue], leading: [SQLValue] = [], _ sql: (String) -> String) throws(OutboxError) -> [[SQLValue]] {
        var rows: [[SQLValue]] = []
        for chunk in SQLInList.chunks(values) {
            rows += try query(sql(SQLInList.placeholders(chunk.count)), leading + chunk)
        }
        return rows
    }

    @discardableResult
    func run(_ sql: String) throws(OutboxError) -> Int { try run(sql, []) }
    func query(_ sql: String) throws(OutboxError) -> [[SQLValue]] { try query(sql, []) }
}
