import Foundation

/// One table of an outbox copy: how many rows, and a checksum of their contents.
public struct TableDigest: Sendable, Hashable {
    public var table: String
    public var rows: Int
    /// SHA-256 of every row's values, combined without regard to order (the two engines sort
    /// text differently), hex.
    public var checksum: String
}

extension SQLOutbox {
    /// Copies every row of this outbox into `target` — an embedded outbox into a shared one, or
    /// back — in one transaction of the target, and verifies before committing that each table
    /// there has the same number of rows and the same checksum as here. Nothing is written when
    /// anything differs. `target` must hold no messages yet. Returns the verified digests.
    ///
    /// The workers must be stopped meanwhile: rows written here during the copy would be missed
    /// (the digests, taken after the copy, then differ and nothing is committed).
    public func copy(into target: SQLOutbox, progress: (String, Int) -> Void = { _, _ in }) throws(OutboxError) -> [TableDigest] {
        try target.locked { () throws(OutboxError) -> [TableDigest] in
            try target.connection.transaction { () throws(OutboxError) -> [TableDigest] in
                let existing = try target.connection.query(
                    "SELECT (SELECT COUNT(*) FROM messages) + (SELECT COUNT(*) FROM batches) + (SELECT COUNT(*) FROM raw_receipts)")
                if let count = existing.first?.first?.int, count > 0 {
                    throw OutboxError(
                        .invalidState, "\(target.location) already holds an outbox (\(count) rows); migrate into an empty one")
                }
                for table in PostgresSchema.tables {
                    var copied = 0
                    try forEachChunk(of: table) { (rows: [[SQLValue]]) throws(OutboxError) in
                        try target.connection.insertRows("INSERT", into: table.name, columns: table.columns, rows: rows)
                        copied += rows.count
                        progress(table.name, copied)
                    }
                }
                if target.connection.dialect == .postgres {
                    for name in PostgresSchema.identityTables {
                        try target.connection.execute(
                            "SELECT setval(pg_get_serial_sequence('\(name)', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM \(name)"
                        )
                    }
                    try target.connection.execute(PostgresSchema.foldCounters)
                } else {
                    // The embedded outbox counts inserted messages and documents where it inserts
                    // them (migration 18), not per row: the copied rows are counted here.
                    try target.connection.execute(OutboxSchema.recount)
                }
                let here = try digests()
                let there = try target.digestsUnlocked()
                for (mine, theirs) in zip(here, there) where mine != theirs {
                    throw OutboxError(
                        .storage,
                        "table \(mine.table) differs after the copy: \(mine.rows) rows here, \(theirs.rows) there (checksums \(mine.checksum.prefix(12))… and \(theirs.checksum.prefix(12))…); nothing was written"
                    )
                }
                return here
            }
        }
    }

    /// Rows and checksum of every table that a copy moves.
    public func digests() throws(OutboxError) -> [TableDigest] {
        try locked { () throws(OutboxError) -> [TableDigest] in try digestsUnlocked() }
    }

    func digestsUnlocked() throws(OutboxError) -> [TableDigest] {
        var result: [TableDigest] = []
        for table in PostgresSchema.tables {
            var rows = 0
            var combined = [UInt8](repeating: 0, count: 32)
            try forEachChunkUnlocked(of: table) { (chunk: [[SQLValue]]) throws(OutboxError) in
                for row in chunk {
                    let digest = SHA256.digest(Self.canonical(row))
                    for index in 0..<32 { combined[index] ^= digest[index] }
                    rows += 1
                }
            }
            result.append(TableDigest(table: table.name, rows: rows, checksum: combined.map { String(format: "%02x", $0) }.joined()))
        }
        return result
    }

    /// A row's values as bytes that mean the same on either engine.
    static func canonical(_ row: [SQLValue]) -> Data {
        var bytes = Data()
        for value in row {
            switch value {
            case .integer(let number): bytes.append(contentsOf: Array("i\(number);".utf8))
            case .text(let text):
                bytes.append(contentsOf: Array("t\(text.utf8.count):".utf8))
                bytes.append(contentsOf: Array(text.utf8))
            case .blob(let data):
                bytes.append(contentsOf: Array("b\(data.count):".utf8))
                bytes.append(data)
            case .null: bytes.append(contentsOf: Array("n;".utf8))
            }
        }
        return bytes
    }

    /// Walks a table in chunks along its key (never OFFSET, which rereads what it skips).
    private func forEachChunk(
        of table: (name: String, columns: [String], order: String), _ body: ([[SQLValue]]) throws(OutboxError) -> Void
    ) throws(OutboxError) {
        try locked { () throws(OutboxError) in try forEachChunkUnlocked(of: table, body) }
    }

    private func forEachChunkUnlocked(
        of table: (name: String, columns: [String], order: String), _ body: ([[SQLValue]]) throws(OutboxError) -> Void
    ) throws(OutboxError) {
        let keys = table.order.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let keyIndexes = keys.compactMap { table.columns.firstIndex(of: $0) }
        let select = "SELECT \(table.columns.joined(separator: ", ")) FROM \(table.name)"
        let tuple = "(\(keys.joined(separator: ", ")))"
        let placeholders = "(\(Array(repeating: "?", count: keys.count).joined(separator: ", ")))"
        var last: [SQLValue]?
        while true {
            let rows: [[SQLValue]]
            if let last {
                rows = try connection.query("\(select) WHERE \(tuple) > \(placeholders) ORDER BY \(table.order) LIMIT 2000", last)
            } else {
                rows = try connection.query("\(select) ORDER BY \(table.order) LIMIT 2000")
            }
            guard let final = rows.last else { return }
            try body(rows)
            last = keyIndexes.map { final[$0] }
            if rows.count < 2000 { return }
        }
    }
}

extension SQLOutbox {
    /// A fresh schema in the PostgreSQL database at `url`, for a benchmark run that must start
    /// from an empty outbox without touching what the database holds: returns the URL that
    /// opens the outbox inside it (through libpq's `options=-csearch_path=`).
    public static func scratchSchema(in url: String, name: String) throws(OutboxError) -> String {
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
            throw OutboxError(.invalidState, "schema name \(name): letters, digits and _ only")
        }
        let connection = try PostgresConnection(url: url)
        try connection.execute("DROP SCHEMA IF EXISTS \(name) CASCADE; CREATE SCHEMA \(name)")
        return url + (url.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(name)"
    }

    /// Writes every dirty page out now (`CHECKPOINT`; the server's superuser or `pg_checkpoint`
    /// only), so that a measurement that follows is not charged with the writes of what came
    /// before it.
    public static func checkpoint(in url: String) throws(OutboxError) {
        try PostgresConnection(url: url).execute("CHECKPOINT")
    }

    /// Embedded outbox: copies the whole write-ahead log into the database and empties it,
    /// waiting for the checkpoint thread's copy under way if there is one. Commits never need
    /// this (the log is copied back in the background); a measurement that must not be charged
    /// with the set-up's writes does.
    public func checkpointLog() throws(OutboxError) {
        guard let connection = connection as? SQLiteConnection else { return }
        try locked { () throws(OutboxError) in _ = try connection.query("PRAGMA wal_checkpoint(TRUNCATE)") }
    }

    /// Drops a schema made by ``scratchSchema(in:name:)``.
    public static func dropScratchSchema(in url: String, name: String) throws(OutboxError) {
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return }
        try PostgresConnection(url: url).execute("DROP SCHEMA IF EXISTS \(name) CASCADE")
    }
}
