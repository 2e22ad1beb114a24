import CEBMessages
public import Foundation

/// The durable store in a SQL database: the embedded outbox — one SQLite database in WAL mode
/// with `synchronous=FULL`, under a folder readable by its owner only (it holds buyers' ID
/// numbers and phone numbers) — or the shared one in PostgreSQL, for several gateway hosts.
///
/// Every change is one transaction, so a crash at any instant leaves either the whole change or
/// none of it. Several processes may share one outbox: SQLite's locks serialise writers, and
/// PostgreSQL's row locks (`FOR UPDATE SKIP LOCKED` for claims) let them work side by side;
/// sends are claimed with a lease so no message is in flight twice.
///
/// The seam between engines is ``SQLDatabase``; there is no store protocol above this class. What
/// a send outcome or a receipt does is decided by pure values (``MessageLifecycle``,
/// ``ReceiptEffect``, the gateway's `SendDecision`) tested without any store, so a fake store
/// would only test itself: everything else is tested against real databases on disk.
public final class SQLOutbox: @unchecked Sendable {  // every use of `connection` is under `lock`
    /// The outbox folder (embedded); nil for PostgreSQL.
    public let directory: URL?
    /// The database file, or the PostgreSQL URL without its password: for messages.
    public let location: String
    let connection: any SQLDatabase
    let lock = NSLock()

    public static let schemaVersion = "ceb-202205"

    /// The embedded engine's page cache, KiB (allocated only as used): see where it is set.
    static let pageCacheKiB = 65_536

    /// Opens the outbox named on the command line or in the profile: a `postgres://` or
    /// `postgresql://` URL for the shared outbox, anything else a folder for the embedded one.
    public convenience init(location: String) throws(OutboxError) {
        if Self.isPostgres(location) {
            try self.init(postgres: location)
        } else {
            try self.init(directory: URL(fileURLWithPath: location, isDirectory: true))
        }
    }

    public static func isPostgres(_ location: String) -> Bool {
        location.hasPrefix("postgres://") || location.hasPrefix("postgresql://")
    }

    /// Opens (creating its tables if needed) the shared outbox in a PostgreSQL database.
    public init(postgres url: String) throws(OutboxError) {
        let connection = try PostgresConnection(url: url)
        self.connection = connection
        directory = nil
        location = connection.redacted
        try migratePostgres(connection)
    }

    /// Opens (creating it if needed) the outbox in `directory`.
    public init(directory: URL) throws(OutboxError) {
        let directory = directory.standardizedFileURL
        self.directory = directory
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if !manager.fileExists(atPath: directory.path, isDirectory: &isDirectory) {
            do {
                try manager.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw OutboxError(.storage, "cannot create the outbox folder \(directory.path): \(error.localizedDescription)")
            }
        } else if !isDirectory.boolValue {
            throw OutboxError(.storage, "\(directory.path) is a file, not an outbox folder")
        }
        let databasePath = directory.appendingPathComponent("outbox.sqlite").path
        location = databasePath
        if !manager.fileExists(atPath: databasePath) {
            // Create the file owner-only first: SQLite gives its WAL and shared-memory files the same mode.
            let descriptor = open(databasePath, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
            if descriptor >= 0 { close(descriptor) }
        }
        // An outbox this process may read but not write (another user's, a read-only mount, a
        // backup) is opened as a read-only snapshot: status, list, show and doctor work on it,
        // and anything that writes fails naming the outbox as read-only.
        if access(databasePath, W_OK) != 0 || access(directory.path, W_OK) != 0, access(databasePath, R_OK) == 0 {
            let connection = try SQLiteConnection(path: databasePath, readOnly: true)
            self.connection = connection
            let version = Int(try connection.query("PRAGMA user_version").first?.first?.int ?? 0)
            if version != OutboxSchema.migrations.count {
                throw OutboxError(
                    .incompatible,
                    "the outbox \(databasePath) is read-only here and at schema \(version), this swgate needs \(OutboxSchema.migrations.count); open it once with write access"
                )
            }
            return
        }
        let connection = try SQLiteConnection(path: databasePath)
        self.connection = connection
        try Self.enableWriteAheadLog(connection)
        try connection.execute("PRAGMA synchronous = FULL")
        try connection.execute("PRAGMA foreign_keys = ON")
        // A batch touches every index of the documents and messages tables; with SQLite's
        // default 2 MiB page cache those pages spill to the WAL and are read back again and
        // again within one transaction. 64 MiB (allocated only as used) keeps a 10,000-parcel
        // batch in memory until commit, which writes each page once.
        try connection.execute("PRAGMA cache_size = -\(Self.pageCacheKiB)")
        // Every insert with triggers keeps a statement journal so that it can be undone alone;
        // SQLite puts those in temporary files by default, one write per row. They are only
        // ever needed to roll back the statement in progress, so memory is the right place.
        try connection.execute("PRAGMA temp_store = MEMORY")
        // The log is copied back into the database on a thread of its own, from 64 MiB: a
        // stream of receipt transactions rewrites the same hot pages, and each checkpoint costs
        // an fsync of the database, which the committing thread no longer waits for.
        connection.checkpoint(with: SQLiteCheckpointer(path: databasePath))
        try migrateSQLite(connection)
    }

    /// Switches a database to WAL. Changing the journal mode takes an exclusive lock without
    /// calling the busy handler, so two processes creating the same new outbox at once (two
    /// submissions of one batch) would see "database is locked": the loser waits and tries again.
    private static func enableWriteAheadLog(_ connection: SQLiteConnection) throws(OutboxError) {
        var attempt = 0
        while true {
            do {
                try connection.execute("PRAGMA journal_mode = WAL")
                return
            } catch {
                attempt += 1
                guard error.message.contains("locked") || error.message.contains("busy"), attempt < 600 else { throw error }
                usleep(50_000)
            }
        }
    }

    private func migrateSQLite(_ connection: SQLiteConnection) throws(OutboxError) {
        let rows = try connection.query("PRAGMA user_version")
        let current = Int(rows.first?.first?.int ?? 0)
        if current > OutboxSchema.migrations.count {
            throw OutboxError(.incompatible, "the outbox was written by a newer swgate (schema \(current)); upgrade swgate")
        }
        guard current < OutboxSchema.migrations.count else { return }
        // A migration that rebuilds a table others refer to (payloads) drops the old one, which
        // with foreign keys on would check every referring row against an empty table. SQLite's
        // procedure: keys off outside the transaction, rebuild, check every key before commit.
        try connection.execute("PRAGMA foreign_keys = OFF")
        do throws(OutboxError) {
            try migrateSQLiteTables(connection)
        } catch {
            try? connection.execute("PRAGMA foreign_keys = ON")
            throw error
        }
        try connection.execute("PRAGMA foreign_keys = ON")
    }

    private func migrateSQLiteTables(_ connection: SQLiteConnection) throws(OutboxError) {
        try connection.transaction { () throws(OutboxError) in
            // Another process may have migrated while we waited for the lock.
            let now = Int(try connection.query("PRAGMA user_version").first?.first?.int ?? 0)
            for index in now..<OutboxSchema.migrations.count {
                try connection.execute(OutboxSchema.migrations[index])
            }
            if let broken = try connection.query("PRAGMA foreign_key_check").first {
                throw OutboxError(
                    .storage,
                    "migrating the outbox would leave a broken reference (\(broken.compactMap(\.string).joined(separator: " "))); it is unchanged"
                )
            }
            try connection.execute("PRAGMA user_version = \(OutboxSchema.migrations.count)")
        }
    }

    /// Applies the PostgreSQL migrations not yet recorded, under an advisory lock so that
    /// workers starting together migrate once.
    private func migratePostgres(_ connection: PostgresConnection) throws(OutboxError) {
        try connection.transaction { () throws(OutboxError) in
            try connection.execute("SELECT pg_advisory_xact_lock(\(Self.migrationLock))")
            try connection.execute("CREATE TABLE IF NOT EXISTS swgate_schema (version BIGINT NOT NULL)")
            let current = Int(try connection.query("SELECT COALESCE(MAX(version), 0) FROM swgate_schema").first?.first?.int ?? 0)
            if current > PostgresSchema.migrations.count {
                throw OutboxError(.incompatible, "the outbox was written by a newer swgate (schema \(current)); upgrade swgate")
            }
            for index in current..<PostgresSchema.migrations.count {
                try connection.execute(PostgresSchema.migrations[index])
                try connection.run("INSERT INTO swgate_schema(version) VALUES (?)", [.integer(Int64(index + 1))])
            }
        }
    }

    /// Advisory lock keys (PostgreSQL): migrations, submissions (which number their rows after
    /// the largest id), receipt application (each receipt applied once across receivers).
    static let migrationLock = 0x5357_4701
    static let submitLock = 0x5357_4702
    static let receiptLock = 0x5357_4703

    /// Serialises this transaction with others taking the same lock (PostgreSQL; SQLite's write
    /// transactions are serialised already).
    func serialize(_ key: Int) throws(OutboxError) {
        guard connection.dialect == .postgres else { return }
        try connection.execute("SELECT pg_advisory_xact_lock(\(key))")
    }

    /// Appended to a `SELECT` whose rows the transaction goes on to change: in PostgreSQL two
    /// workers must not both read a message as `sending` and both move it. `NO KEY UPDATE`, the
    /// lock an UPDATE of non-key columns takes anyway: a plain `FOR UPDATE` would also block
    /// every foreign-key check on the row — each attempt a worker records for a message the
    /// receipt intake has locked, so that workers would wait on the intake.
    var forUpdate: String { connection.dialect == .postgres ? " FOR NO KEY UPDATE" : "" }

    func locked<T>(_ body: () throws(OutboxError) -> T) throws(OutboxError) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
    static func date(_ millis: Int64?) -> Date { Date(timeIntervalSince1970: Double(millis ?? 0) / 1000) }
}
