import CSQLite
import Foundation

/// A value bound to or read from the database.
enum SQLValue: Sendable, Hashable {
    case integer(Int64)
    case text(String)
    case blob(Data)
    case null
}

/// One SQLite connection with prepared-statement caching. Not thread-safe by itself: the store
/// serialises access with a lock.
final class SQLiteConnection: SQLDatabase {
    var dialect: SQLDialect { .sqlite }
    private var handle: OpaquePointer?
    private var statements: [String: OpaquePointer] = [:]
    /// How many statements this connection keeps prepared.
    var preparedStatementCount: Int { statements.count }
    /// How many times SQLite has prepared a kept statement again (a schema change, or a bound
    /// value that its plan depends on).
    var repreparations: Int {
        statements.values.reduce(0) { $0 + Int(sqlite3_stmt_status($1, SQLITE_STMTSTATUS_REPREPARE, 0)) }
    }
    private var checkpointer: SQLiteCheckpointer?
    let path: String

    /// Process-wide settings SQLite takes only before its first use (see `shim.h`).
    private static let configured: Bool = swgate_disable_memory_statistics() == SQLITE_OK

    /// Opens `path` for reading and writing (creating it), or only for reading when `readOnly`:
    /// then as an immutable snapshot (`immutable=1`), since a process that may not write the
    /// folder cannot create the write-ahead log's shared-memory file that a normal reader needs.
    init(path: String, readOnly: Bool = false) throws(OutboxError) {
        self.path = path
        _ = Self.configured
        var db: OpaquePointer?
        let flags =
            readOnly
            ? SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX
            : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let name =
            readOnly
            ? "file:" + (path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path) + "?mode=ro&immutable=1" : path
        guard sqlite3_open_v2(name, &db, flags, nil) == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(db)
            throw OutboxError(.storage, "cannot open the outbox database \(path): \(message)")
        }
        handle = db
        // Writers queue for the one write lock; a large batch holds it for seconds, and a second
        // submission or a worker must wait for it rather than fail with "database is locked".
        sqlite3_busy_timeout(db, 120_000)
        _ = swgate_set_lookaside(db, 1_024, 1_000)
    }

    deinit {
        if let checkpointer {
            sqlite3_wal_hook(handle, nil, nil)
            checkpointer.stop()
        }
        for statement in statements.values { sqlite3_finalize(statement) }
        sqlite3_close_v2(handle)
    }

    /// Hands this connection's checkpoints to `checkpointer` (in place of SQLite's automatic
    /// checkpoint, which the WAL hook replaces).
    func checkpoint(with checkpointer: SQLiteCheckpointer) {
        self.checkpointer = checkpointer
        sqlite3_wal_hook(
            handle,
            { context, db, name, pages in
                guard let context else { return SQLITE_OK }
                let checkpointer = Unmanaged<SQLiteCheckpointer>.fromOpaque(context).takeUnretainedValue()
                if Int(pages) >= checkpointer.inlinePages {
                    // The log outgrew what the checkpointer keeps up with: do it here, as SQLite would.
                    sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
                } else {
                    checkpointer.committed(walPages: Int(pages))
                }
                return SQLITE_OK
            }, Unmanaged.passUnretained(checkpointer).toOpaque())
    }

    /// Copies what it can of the log into the database without waiting for anyone; a failure
    /// (another checkpoint under way) leaves it for the next one.
    func checkpointPassive() {
        sqlite3_wal_checkpoint_v2(handle, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
    }

    var errorMessage: String { handle.map { String(cString: sqlite3_errmsg($0)) } ?? "closed" }

    /// Runs SQL with no results (several statements allowed).
    func execute(_ sql: String) throws(OutboxError) {
        var error: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(handle, sql, nil, nil, &error) == SQLITE_OK else {
            let message = error.map { String(cString: $0) } ?? errorMessage
            sqlite3_free(error)
            throw OutboxError(.storage, "SQLite: \(message) [\(sql.prefix(80))]")
        }
    }

    private func prepare(_ sql: String) throws(OutboxError) -> OpaquePointer {
        if let cached = statements[sql] {
            sqlite3_reset(cached)
            return cached
        }
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw OutboxError(.storage, "SQLite cannot prepare: \(errorMessage) [\(sql.prefix(120))]")
        }
        statements[sql] = statement
        return statement
    }

    private func bind(_ statement: OpaquePointer, _ values: [SQLValue]) {
        // A reused statement keeps its earlier values; clear them only when this call does not
        // bind every parameter (clearing on every call costs each receipt applied).
        if Int(sqlite3_bind_parameter_count(statement)) != values.count { sqlite3_clear_bindings(statement) }
        for (offset, value) in values.enumerated() {
            bind(statement, Int32(offset + 1), value)
        }
    }

    private func bind(_ statement: OpaquePointer, _ index: Int32, _ value: SQLValue) {
        switch value {
        case .integer(let number): sqlite3_bind_int64(statement, index, number)
        case .text(let text):
            // The string's own UTF-8 storage, not a C-string copy of it (SQLite copies it anyway),
            // borrowed where it is contiguous (native strings: all of ours) so nothing is retained.
            // (An empty string has no storage to point at, and a NULL pointer would bind NULL.)
            if text.isEmpty {
                swgate_bind_text(statement, index, "", 0)
            } else if text.utf8.withContiguousStorageIfAvailable({ bytes in
                bytes.withMemoryRebound(to: CChar.self) { swgate_bind_text(statement, index, $0.baseAddress, Int32($0.count)) }
            }) == nil {
                var copy = text
                _ = copy.withUTF8 { bytes in
                    bytes.withMemoryRebound(to: CChar.self) { swgate_bind_text(statement, index, $0.baseAddress, Int32($0.count)) }
                }
            }
        case .blob(let data): _ = data.withUnsafeBytes { swgate_bind_blob(statement, index, $0.baseAddress, Int32($0.count)) }
        case .null: sqlite3_bind_null(statement, index)
        }
    }

    /// Runs a multi-row statement, binding each row's values where they are: gathering them into
    /// one array first (and releasing it after) was a quarter of writing a receipt's rows.
    func run(_ sql: String, rows: ArraySlice<[SQLValue]>, width: Int) throws(OutboxError) {
        let statement = try prepare(sql)
        if Int(sqlite3_bind_parameter_count(statement)) != rows.count * width { sqlite3_clear_bindings(statement) }
        var index: Int32 = 1
        for position in rows.indices {
            guard rows[position].count == width else {
                throw OutboxError(.storage, "a row of \(rows[position].count) values for \(width) columns [\(sql.prefix(80))]")
            }
            rows[position].withUnsafeBufferPointer { values in
                for value in values.indices {
                    bind(statement, index, values[value])
                    index += 1
                }
            }
        }
        try step(statement, sql)
    }

    /// Runs a statement that returns no rows; returns the number of rows changed.
    @discardableResult
    func run(_ sql: String, _ values: [SQLValue]) throws(OutboxError) -> Int {
        let statement = try prepare(sql)
        bind(statement, values)
        return try step(statement, sql)
    }

    @discardableResult
    private func step(_ statement: OpaquePointer, _ sql: String) throws(OutboxError) -> Int {
        let code = sqlite3_step(statement)
        defer { sqlite3_reset(statement) }
        guard code == SQLITE_DONE || code == SQLITE_ROW else {
            let kind: OutboxError.Kind = (code == SQLITE_CONSTRAINT || (code & 0xFF) == SQLITE_CONSTRAINT) ? .conflict : .storage
            throw OutboxError(kind, "SQLite: \(errorMessage) [\(sql.prefix(80))]")
        }
        return Int(sqlite3_changes(handle))
    }

    /// Runs a query and returns its rows.
    func query(_ sql: String, _ values: [SQLValue]) throws(OutboxError) -> [[SQLValue]] {
        let statement = try prepare(sql)
        bind(statement, values)
        defer { sqlite3_reset(statement) }
        var rows: [[SQLValue]] = []
        while true {
            let code = sqlite3_step(statement)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else { throw OutboxError(.storage, "SQLite: \(errorMessage) [\(sql.prefix(80))]") }
            let columns = sqlite3_column_count(statement)
            var row: [SQLValue] = []
            row.reserveCapacity(Int(columns))
            for column in 0..<columns {
                switch sqlite3_column_type(statement, column) {
                case SQLITE_INTEGER: row.append(.integer(sqlite3_column_int64(statement, column)))
                case SQLITE_TEXT: row.append(.text(String(cString: sqlite3_column_text(statement, column))))
                case SQLITE_BLOB:
                    let count = Int(sqlite3_column_bytes(statement, column))
                    if let bytes = sqlite3_column_blob(statement, column) {
                        row.append(.blob(Data(bytes: bytes, count: count)))
                    } else {
                        row.append(.blob(Data()))
                    }
                case SQLITE_NULL: row.append(.null)
                default: row.append(.text(String(cString: sqlite3_column_text(statement, column))))
                }
            }
            rows.append(row)
        }
        return rows
    }

    func insertReturningID(_ sql: String, _ values: [SQLValue]) throws(OutboxError) -> Int64 {
        try run(sql, values)
        return sqlite3_last_insert_rowid(handle)
    }

    /// 64 rows a statement (each chunk size is one cached prepared statement).
    func rowsPerStatement(columns: Int) -> Int { Self.rowsPerStatement }

    static let rowsPerStatement = 64

    /// Runs `body` in one `BEGIN IMMEDIATE` transaction: all of it is committed, or none.
    func transaction<T>(_ body: () throws(OutboxError) -> T) throws(OutboxError) -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }
}

extension SQLValue {
    var int: Int64? { if case .integer(let value) = self { value } else { nil } }
    var string: String? {
        switch self {
        case .text(let value): value
        case .integer(let value): String(value)
        default: nil
        }
    }
    var data: Data? { if case .blob(let value) = self { value } else { nil } }
}
