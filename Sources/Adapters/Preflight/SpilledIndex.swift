import CSQLite

/// Integer-keyed tables in a private temporary SQLite database, for a batch index too large to
/// keep in memory: SQLite holds a few megabytes of pages in its cache and the rest in a file that
/// disappears when the index is closed. One open transaction for the whole life of the index
/// (journal and sync off: nothing here has to survive a crash).
final class SpilledIndex {
    /// The index's tables: one key → value map each.
    enum Table: Int, CaseIterable {
        case firstSeen, waybillOrders, orderWaybills, buyerTotals
        var name: String { "t\(rawValue)" }
    }

    private var handle: OpaquePointer?
    private var selects: [OpaquePointer?] = []
    private var upserts: [OpaquePointer?] = []

    /// Nil when SQLite cannot open even a temporary database (the caller stays in memory).
    init?(cacheKiB: Int = 4096) {
        // An empty file name: a private on-disk temporary database, deleted on close.
        guard sqlite3_open_v2("", &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK else {
            sqlite3_close(handle)
            return nil
        }
        var sql = "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -\(cacheKiB);"
        for table in Table.allCases { sql += "CREATE TABLE \(table.name) (k INTEGER PRIMARY KEY, v INTEGER NOT NULL);" }
        sql += "BEGIN;"
        guard sqlite3_exec(handle, sql, nil, nil, nil) == SQLITE_OK else {
            sqlite3_close(handle)
            return nil
        }
        for table in Table.allCases {
            var select: OpaquePointer?
            var upsert: OpaquePointer?
            sqlite3_prepare_v2(handle, "SELECT v FROM \(table.name) WHERE k = ?", -1, &select, nil)
            sqlite3_prepare_v2(handle, "INSERT OR REPLACE INTO \(table.name)(k, v) VALUES (?, ?)", -1, &upsert, nil)
            selects.append(select)
            upserts.append(upsert)
        }
        guard !selects.contains(where: { $0 == nil }), !upserts.contains(where: { $0 == nil }) else {
            for statement in selects + upserts { sqlite3_finalize(statement) }
            sqlite3_close(handle)
            return nil
        }
    }

    deinit {
        for statement in selects + upserts { sqlite3_finalize(statement) }
        sqlite3_close(handle)
    }

    subscript(table: Table, key: UInt64) -> Int64? {
        get {
            let statement = selects[table.rawValue]
            defer { sqlite3_reset(statement) }
            sqlite3_bind_int64(statement, 1, Int64(bitPattern: key))
            guard sqlite3_step(statement) == SQLITE_ROW else { return nil }
            return sqlite3_column_int64(statement, 0)
        }
        set {
            guard let newValue else { return }
            let statement = upserts[table.rawValue]
            defer { sqlite3_reset(statement) }
            sqlite3_bind_int64(statement, 1, Int64(bitPattern: key))
            sqlite3_bind_int64(statement, 2, newValue)
            sqlite3_step(statement)
        }
    }
}
