public import CEBMessages
public import Foundation

/// The durable store in a SQL database: the embedded outbox — one SQLite database in WAL mode
/// with `synchronous=FULL`, under a folder readable by its owner only (it holds buyers' ID
/// numbers and phone numbers) — or the shared one in PostgreSQL, for several gateway hosts.
///
/// Every change is one transaction, so a crash at any instant leaves either the whole change or
/// none of it. Several processes may share one outbox: SQLite's locks serialise writers, and
/// PostgreSQL's row locks (`FOR UPDATE SKIP LOCKED` for claims) let them work side by side;
/// sends are claimed with a lease so no message is in flight twice.
public final class SQLOutbox: OutboxStore, @unchecked Sendable {
    /// The outbox folder (embedded); nil for PostgreSQL.
    public let directory: URL?
    /// The database file, or the PostgreSQL URL without its password: for messages.
    public let location: String
    let connection: any SQLDatabase
    let lock = NSLock()

    public static let schemaVersion = "ceb-202205"

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
                    .incompatible, "the outbox \(databasePath) is read-only here and at schema \(version), this swgate needs \(OutboxSchema.migrations.count); open it once with write access"
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
        try connection.execute("PRAGMA cache_size = -65536")
        // Every insert with triggers keeps a statement journal so that it can be undone alone;
        // SQLite puts those in temporary files by default, one write per row. They are only
        // ever needed to roll back the statement in progress, so memory is the right place.
        try connection.execute("PRAGMA temp_store = MEMORY")
        // The log is copied back into the database on a thread of its own, from ~16 MiB: a
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
                throw OutboxError(.storage, "migrating the outbox would leave a broken reference (\(broken.compactMap(\.string).joined(separator: " "))); it is unchanged")
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
    /// receipt intake has locked (measured: four workers waited on one receiver).
    var forUpdate: String { connection.dialect == .postgres ? " FOR NO KEY UPDATE" : "" }

    func locked<T>(_ body: () throws(OutboxError) -> T) throws(OutboxError) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
    static func date(_ millis: Int64?) -> Date { Date(timeIntervalSince1970: Double(millis ?? 0) / 1000) }

    // MARK: submit

    public func existing(_ keys: [DocumentKey]) throws(OutboxError) -> [DocumentKey: ExistingDocument] {
        try locked { () throws(OutboxError) -> [DocumentKey: ExistingDocument] in
            var result: [DocumentKey: ExistingDocument] = [:]
            for key in keys {
                let rows = try connection.query(
                    """
                    SELECT d.id, d.content_sha256, d.customs_status, d.round, m.state, d.order_no, d.created_at FROM documents d
                    JOIN messages m ON m.id = d.message_id WHERE d.type = ? AND d.business_key = ?
                    """,
                    [.text(key.type.rawValue), .text(key.businessKey)]
                )
                if let row = rows.first, let id = row[0].int {
                    result[key] = ExistingDocument(
                        id: id, contentHash: row[1].string ?? "", customsStatus: row[2].string, round: Int(row[3].int ?? 1),
                        messageState: MessageState(rawValue: row[4].string ?? "") ?? .queued,
                        orderNo: row[5].string ?? "", createdAt: Self.date(row[6].int)
                    )
                }
            }
            return result
        }
    }

    /// `messages` without those whose every document the outbox holds already with the same
    /// content, and the documents that leaves out.
    private func withoutIdenticalDocuments(_ messages: [SubmissionMessage]) throws(OutboxError) -> ([SubmissionMessage], Set<DocumentKey>) {
        var byType: [CEBMessageType: [String]] = [:]
        for message in messages { for document in message.documents { byType[document.key.type, default: []].append(document.key.businessKey) } }
        var stored: [DocumentKey: String] = [:]
        for (type, keys) in byType {
            let rows = try connection.queryChunked(keys.map { .text($0) }, leading: [.text(type.rawValue)]) {
                "SELECT business_key, content_sha256 FROM documents WHERE type = ? AND business_key IN (\($0))"
            }
            for row in rows {
                if let key = row[0].string, let hash = row[1].string { stored[DocumentKey(type: type, businessKey: key)] = hash }
            }
        }
        guard !stored.isEmpty else { return (messages, []) }
        var kept: [SubmissionMessage] = []
        var identical = Set<DocumentKey>()
        for message in messages {
            if message.documents.allSatisfy({ stored[$0.key] == $0.contentHash }) {
                for document in message.documents { identical.insert(document.key) }
            } else {
                kept.append(message)
            }
        }
        return (kept, identical)
    }

    public func submit(file: String, messages: [SubmissionMessage], now: Date) throws(OutboxError) -> SubmissionResult {
        guard !messages.isEmpty else { return SubmissionResult(batchID: nil, enqueuedMessages: 0, enqueuedDocuments: 0) }
        let stamp = Self.millis(now)
        return try locked { () throws(OutboxError) -> SubmissionResult in
            let result = try connection.transaction { () throws(OutboxError) -> SubmissionResult in
                try serialize(Self.submitLock)
                // Checked again under the write lock: another submission of the same batch may
                // have committed since the caller looked. What it stored, identical, is skipped —
                // the same no-op as submitting twice in turn — not a conflict.
                let (messages, identical) = try withoutIdenticalDocuments(messages)
                if messages.isEmpty { return SubmissionResult(batchID: nil, enqueuedMessages: 0, enqueuedDocuments: 0, alreadyPresentDocuments: identical) }
                let documentCount = messages.reduce(0) { $0 + $1.documents.count }
                let batchID = try connection.insertReturningID(
                    "INSERT INTO batches(file, submitted_at, documents, messages) VALUES (?, ?, ?, ?)",
                    [.text(file), .integer(stamp), .integer(Int64(documentCount)), .integer(Int64(messages.count))]
                )
                // Rows carry explicit ids, taken after the current largest inside this write
                // transaction, so that documents can name their message and keys their document
                // without a round trip per row.
                let firstMessageID = (try connection.query("SELECT COALESCE(MAX(id), 0) FROM messages").first?.first?.int ?? 0) + 1
                let firstDocumentID = (try connection.query("SELECT COALESCE(MAX(id), 0) FROM documents").first?.first?.int ?? 0) + 1
                var nextMessageID = firstMessageID
                var nextDocumentID = firstDocumentID
                var payloadRows: [[SQLValue]] = []
                var messageRows: [[SQLValue]] = []
                var auditRows: [[SQLValue]] = []
                var documentRows: [[SQLValue]] = []
                var keyRows: [[SQLValue]] = []
                var purchaseRows: [[SQLValue]] = []
                payloadRows.reserveCapacity(messages.count)
                messageRows.reserveCapacity(messages.count)
                auditRows.reserveCapacity(messages.count)
                documentRows.reserveCapacity(documentCount)
                let reason = SQLValue.text("submitted from \(file)")
                var amendments: [(messageID: Int64, document: SubmissionDocument)] = []
                func addDocument(_ document: SubmissionDocument, messageID: Int64) {
                    let documentID = nextDocumentID
                    nextDocumentID += 1
                    documentRows.append([
                        .integer(documentID), .text(document.key.type.rawValue), .text(document.key.businessKey), .text(document.orderNo), .text(document.guid),
                        .text(document.contentHash), .text(document.appType), .integer(messageID), .text(document.record), .integer(stamp), .integer(stamp),
                    ])
                    for key in document.lookupKeys where Self.ownBusinessKey(key) == nil {
                        keyRows.append([.text(key), .integer(documentID)])
                    }
                    if let purchase = document.purchase {
                        purchaseRows.append([.integer(documentID), .text(purchase.buyer), .integer(Int64(purchase.year)), .integer(purchase.fen)])
                    }
                }
                for message in messages {
                    let hash = SQLValue.text(SHA256.hex(message.xml))
                    let messageID = nextMessageID
                    nextMessageID += 1
                    payloadRows.append([hash, .blob(message.xml)])
                    messageRows.append([
                        .integer(messageID), .text(message.guid), .text(message.type.rawValue), .text(Self.schemaVersion), hash,
                        .text(MessageState.queued.rawValue), .integer(batchID), .integer(stamp), .integer(stamp),
                    ])
                    auditRows.append([.integer(stamp), .text("message"), .integer(messageID), .text(MessageState.queued.rawValue), reason])
                    for document in message.documents {
                        if document.appType == "2" {
                            amendments.append((messageID, document))
                        } else {
                            addDocument(document, messageID: messageID)
                        }
                    }
                }
                // Payloads first: messages refer to them.
                try connection.insertRows("INSERT OR IGNORE", into: "payloads", columns: ["sha256", "body"], rows: payloadRows)
                do throws(OutboxError) {
                    try connection.recoverable { () throws(OutboxError) in
                        try connection.insertRows(
                            "INSERT", into: "messages",
                            columns: ["id", "guid", "type", "schema_version", "payload_sha256", "state", "batch_id", "created_at", "updated_at"],
                            rows: messageRows
                        )
                    }
                } catch {
                    throw error.kind == .conflict ? try messageConflict(messages, before: firstMessageID) : error
                }
                try connection.insertRows("INSERT", into: "audit", columns: ["at", "entity", "entity_id", "to_state", "reason"], rows: auditRows)
                // A modification (appType 2) takes over its document's row: a new round for the same key.
                for (messageID, document) in amendments {
                    let changed = try connection.run(
                        """
                        UPDATE documents SET message_id = ?, content_sha256 = ?, guid = ?, app_type = '2', round = round + 1, record = ?, updated_at = ?,
                            customs_status = NULL, customs_rank = 0, customs_info = NULL
                        WHERE type = ? AND business_key = ?
                        """,
                        [.integer(messageID), .text(document.contentHash), .text(document.guid), .text(document.record), .integer(stamp),
                         .text(document.key.type.rawValue), .text(document.key.businessKey)]
                    )
                    if changed == 0 { addDocument(document, messageID: messageID) }
                }
                // Waybill numbers the carrier may use again: the old document keeps its history under
                // a retired key (only if it really is that old: otherwise the insert below conflicts).
                let retireBefore = Self.millis(now.addingTimeInterval(-SubmissionDocument.waybillReuseAge))
                for document in messages.flatMap(\.documents) where document.retiresExpired {
                    try connection.run(
                        "UPDATE documents SET business_key = business_key || '#retired-' || id WHERE type = ? AND business_key = ? AND created_at < ?",
                        [.text(document.key.type.rawValue), .text(document.key.businessKey), .integer(retireBefore)]
                    )
                }
                do throws(OutboxError) {
                    try connection.recoverable { () throws(OutboxError) in
                        try connection.insertRows(
                            "INSERT", into: "documents",
                            columns: ["id", "type", "business_key", "order_no", "guid", "content_sha256", "app_type", "message_id", "record", "created_at", "updated_at"],
                            rows: documentRows
                        )
                    }
                } catch {
                    throw error.kind == .conflict ? try documentConflict(messages, before: firstDocumentID) : error
                }
                try connection.insertRows("INSERT OR IGNORE", into: "document_keys", columns: ["key", "document_id"], rows: keyRows)
                try connection.insertRows("INSERT", into: "purchases", columns: ["document_id", "buyer", "year", "fen"], rows: purchaseRows)
                try serialize(Self.receiptLock)
                try applyWaitingReceipts(now: now)
                return SubmissionResult(batchID: batchID, enqueuedMessages: messages.count, enqueuedDocuments: documentCount, alreadyPresentDocuments: identical)
            }
            // A large batch changes the queue's shape at once; PostgreSQL plans claims by its
            // statistics, and stale ones (none, on a new outbox) make it sort the whole queue on
            // every claim instead of walking the index to the limit.
            if connection.dialect == .postgres, messages.count >= 100 {
                try connection.execute("ANALYZE messages, documents")
            }
            return result
        }
    }

    /// Names the message of a batch whose guid is already taken (by the outbox or earlier in the
    /// batch); rows from `before` on are this batch's own, written by the chunks that succeeded.
    private func messageConflict(_ messages: [SubmissionMessage], before firstID: Int64) throws(OutboxError) -> OutboxError {
        var seen = Set<String>()
        for message in messages {
            var taken = !seen.insert(message.guid).inserted
            if !taken { taken = try !connection.query("SELECT 1 FROM messages WHERE guid = ? AND id < ?", [.text(message.guid), .integer(firstID)]).isEmpty }
            if taken { return OutboxError(.conflict, "message \(message.guid) is already in the outbox") }
        }
        return OutboxError(.conflict, "a message of this batch is already in the outbox")
    }

    /// Names the document of a batch that is already in the outbox (or twice in the batch).
    private func documentConflict(_ messages: [SubmissionMessage], before firstID: Int64) throws(OutboxError) -> OutboxError {
        var seen = Set<DocumentKey>()
        for document in messages.flatMap(\.documents) where document.appType != "2" {
            var taken = !seen.insert(document.key).inserted
            let sql = "SELECT 1 FROM documents WHERE type = ? AND business_key = ? AND id < ?"
            if !taken { taken = try !connection.query(sql, [.text(document.key.type.rawValue), .text(document.key.businessKey), .integer(firstID)]).isEmpty }
            if taken { return OutboxError(.conflict, "\(document.key.type.title) \(document.key.businessKey) is already in the outbox") }
        }
        return OutboxError(.conflict, "a document of this batch is already in the outbox")
    }

    // MARK: reading

    public func purchases(buyers: Set<String>, year: Int) throws(OutboxError) -> [String: Int64] {
        try locked { () throws(OutboxError) -> [String: Int64] in
            var totals: [String: Int64] = [:]
            let rows = try connection.queryChunked(buyers.map { .text($0) }, leading: [.integer(Int64(year))]) {
                """
                SELECT p.buyer, SUM(p.fen) FROM purchases p JOIN documents d ON d.id = p.document_id JOIN messages m ON m.id = d.message_id
                WHERE p.year = ? AND p.buyer IN (\($0)) AND COALESCE(d.customs_status, '') <> '100' AND m.state <> 'cancelled'
                GROUP BY p.buyer
                """
            }
            for row in rows {
                if let buyer = row[0].string, let fen = row[1].int { totals[buyer] = fen }
            }
            return totals
        }
    }

    public func status(now: Date) throws(OutboxError) -> OutboxStatus {
        try locked { () throws(OutboxError) -> OutboxStatus in
            var byState: [String: Int] = [:]
            var byType: [String: Int] = [:]
            var byStatus: [String: Int] = [:]
            for row in try connection.query("SELECT kind, key, n FROM counters WHERE n <> 0") {
                guard let kind = row[0].string, let key = row[1].string, let count = row[2].int else { continue }
                switch kind {
                case "state": byState[key] = Int(count)
                case "type": byType[key] = Int(count)
                case "customs": byStatus[key] = Int(count)
                default: break
                }
            }
            var oldest: Int64?
            for state in [MessageState.queued, .sending, .sent, .retryWait] {
                if let value = try connection.query("SELECT MIN(created_at) FROM messages WHERE state = ?", [.text(state.rawValue)]).first?.first?.int {
                    oldest = min(oldest ?? value, value)
                }
            }
            return OutboxStatus(
                documentsTotal: byStatus.values.reduce(0, +), documentsByStatus: byStatus,
                messagesTotal: byState.values.reduce(0, +), messagesByState: byState, messagesByType: byType,
                oldestWaitingSeconds: oldest.map { max(0, now.timeIntervalSince(Self.date($0))) }
            )
        }
    }

    static let summaryColumns = """
        d.id, d.type, d.order_no, d.business_key, d.guid, d.customs_status, d.customs_info, m.state, m.id, m.guid, m.attempts,
        d.round, d.pre_no, d.invt_no, d.updated_at, d.record
        """

    static func summary(_ row: [SQLValue]) -> DocumentSummary? {
        guard let id = row[0].int, let type = row[1].string.flatMap(CEBMessageType.init(rawValue:)),
            let state = row[7].string.flatMap(MessageState.init(rawValue:)), let messageID = row[8].int
        else { return nil }
        return DocumentSummary(
            id: id, messageType: type, orderNo: row[2].string ?? "", businessKey: row[3].string ?? "", guid: row[4].string ?? "",
            customsStatus: row[5].string, customsInfo: row[6].string, state: state, messageID: messageID, messageGuid: row[9].string ?? "",
            attempts: Int(row[10].int ?? 0), round: Int(row[11].int ?? 1), preNo: row[12].string, invtNo: row[13].string,
            updatedAt: date(row[14].int), record: row[15].string
        )
    }

    public func documents(_ filter: DocumentFilter) throws(OutboxError) -> [DocumentSummary] {
        var conditions: [String] = []
        var values: [SQLValue] = []
        if let state = filter.state {
            conditions.append("m.state = ?")
            values.append(.text(state.rawValue))
        }
        if let type = filter.type {
            conditions.append("d.type = ?")
            values.append(.text(type.rawValue))
        }
        if let since = filter.since {
            conditions.append("d.updated_at >= ?")
            values.append(.integer(Self.millis(since)))
        }
        if let order = filter.orderNo {
            conditions.append("d.order_no = ?")
            values.append(.text(order))
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        values.append(.integer(Int64(max(1, filter.limit))))
        return try locked { () throws(OutboxError) -> [DocumentSummary] in
            try connection.query(
                "SELECT \(Self.summaryColumns) FROM documents d JOIN messages m ON m.id = d.message_id \(whereClause) ORDER BY d.id DESC LIMIT ?",
                values
            ).compactMap(Self.summary)
        }
    }

    public func details(_ reference: String) throws(OutboxError) -> [DocumentDetail] {
        try locked { () throws(OutboxError) -> [DocumentDetail] in
            var rows = try connection.query(
                """
                SELECT \(Self.summaryColumns), p.body FROM documents d JOIN messages m ON m.id = d.message_id JOIN payloads p ON p.sha256 = m.payload_sha256
                WHERE d.guid = ? OR d.order_no = ? OR d.business_key = ? OR m.guid = ? OR d.id = ? ORDER BY d.id
                """,
                [.text(reference), .text(reference), .text(reference), .text(reference), .integer(Int64(reference) ?? -1)]
            )
            if rows.count > 50 { rows = Array(rows.prefix(50)) }
            var details: [DocumentDetail] = []
            for row in rows {
                guard let summary = Self.summary(row) else { continue }
                let attempts = try connection.query(
                    """
                    SELECT a.started_at, a.finished_at, a.endpoint, a.transmission_id, a.http_status, a.outcome, a.error, p.body
                    FROM attempts a LEFT JOIN payloads p ON p.sha256 = a.sent_sha256 WHERE a.message_id = ? ORDER BY a.id
                    """,
                    [.integer(summary.messageID)]
                ).map { attempt in
                    AttemptRecord(
                        startedAt: Self.date(attempt[0].int), finishedAt: attempt[1].int.map { Self.date($0) }, endpoint: attempt[2].string,
                        transmissionID: attempt[3].string, httpStatus: attempt[4].int.map { Int($0) }, outcome: attempt[5].string ?? "", error: attempt[6].string,
                        sent: attempt[7].data
                    )
                }
                let audit = try connection.query(
                    """
                    SELECT at, entity, from_state, to_state, reason FROM audit
                    WHERE (entity = 'message' AND entity_id = ?) OR (entity = 'document' AND entity_id = ?) ORDER BY id
                    """,
                    [.integer(summary.messageID), .integer(summary.id)]
                ).map { entry in
                    AuditEntry(at: Self.date(entry[0].int), entity: entry[1].string ?? "", from: entry[2].string, to: entry[3].string ?? "", reason: entry[4].string)
                }
                details.append(DocumentDetail(summary: summary, payload: row[16].data ?? Data(), attempts: attempts, audit: audit))
            }
            return details
        }
    }

    // MARK: operator actions

    /// Moves messages by the lifecycle's rules, with an audit row for each.
    func transition(ids: [Int64], event: MessageEvent, reason: String, now: Date, extra: String = "") throws(OutboxError) -> Int {
        let stamp = Self.millis(now)
        var moved = 0
        for id in ids {
            guard let current = try connection.query("SELECT state FROM messages WHERE id = ?" + forUpdate, [.integer(id)]).first?.first?.string.flatMap(MessageState.init(rawValue:)) else {
                throw OutboxError(.notFound, "no message \(id)")
            }
            guard let next = MessageLifecycle.next(current, on: event) else {
                throw OutboxError(.invalidState, "message \(id) is \(current.rawValue); \(reason) is not possible from there")
            }
            try connection.run("UPDATE messages SET state = ?, updated_at = ? \(extra) WHERE id = ?", [.text(next.rawValue), .integer(stamp), .integer(id)])
            try connection.run(
                "INSERT INTO audit(at, entity, entity_id, from_state, to_state, reason) VALUES (?, 'message', ?, ?, ?, ?)",
                [.integer(stamp), .integer(id), .text(current.rawValue), .text(next.rawValue), .text(reason)]
            )
            moved += 1
        }
        return moved
    }

    public func retry(messageIDs: [Int64], now: Date) throws(OutboxError) -> Int {
        try locked { () throws(OutboxError) -> Int in
            try connection.transaction { () throws(OutboxError) -> Int in
                try transition(
                    ids: messageIDs, event: .operatorRetry, reason: "operator retry", now: now,
                    extra: ", attempts = 0, next_attempt_at = NULL, last_error = NULL, lease_owner = NULL, lease_until = NULL"
                )
            }
        }
    }

    public func retry(state: MessageState, type: CEBMessageType?, dryRun: Bool, now: Date) throws(OutboxError) -> Int {
        guard let next = MessageLifecycle.next(state, on: .operatorRetry) else {
            throw OutboxError(.invalidState, "messages in state \(state.rawValue) cannot be retried (only dead and retry-wait)")
        }
        let stamp = Self.millis(now)
        var filter = "state = ?"
        var values: [SQLValue] = [.text(state.rawValue)]
        if let type {
            filter += " AND type = ?"
            values.append(.text(type.rawValue))
        }
        return try locked { () throws(OutboxError) -> Int in
            if dryRun {
                return Int(try connection.query("SELECT COUNT(*) FROM messages WHERE \(filter)", values).first?.first?.int ?? 0)
            }
            return try connection.transaction { () throws(OutboxError) -> Int in
                try connection.run(
                    "INSERT INTO audit(at, entity, entity_id, from_state, to_state, reason) SELECT ?, 'message', id, state, ?, 'operator retry' FROM messages WHERE \(filter)",
                    [.integer(stamp), .text(next.rawValue)] + values
                )
                return try connection.run(
                    """
                    UPDATE messages SET state = ?, attempts = 0, next_attempt_at = NULL, last_error = NULL, lease_owner = NULL, lease_until = NULL, updated_at = ?
                    WHERE \(filter)
                    """,
                    [.text(next.rawValue), .integer(stamp)] + values
                )
            }
        }
    }

    public func cancel(messageIDs: [Int64], now: Date) throws(OutboxError) -> Int {
        try locked { () throws(OutboxError) -> Int in
            try connection.transaction { () throws(OutboxError) -> Int in
                try transition(ids: messageIDs, event: .operatorCancel, reason: "operator cancel", now: now)
            }
        }
    }

    public func prune(before cutoff: Date) throws(OutboxError) -> Int {
        let limit = Self.millis(cutoff)
        return try locked { () throws(OutboxError) -> Int in
            try connection.transaction { () throws(OutboxError) -> Int in
                let final = "state IN ('acknowledged', 'rejected', 'cancelled') AND updated_at < ?"
                try connection.run("DELETE FROM attempts WHERE message_id IN (SELECT id FROM messages WHERE \(final))", [.integer(limit)])
                try connection.run("UPDATE receipts SET document_id = NULL WHERE document_id IN (SELECT id FROM documents WHERE message_id IN (SELECT id FROM messages WHERE \(final)))", [.integer(limit)])
                try connection.run("DELETE FROM documents WHERE message_id IN (SELECT id FROM messages WHERE \(final))", [.integer(limit)])
                let removed = try connection.run("DELETE FROM messages WHERE \(final)", [.integer(limit)])
                try connection.run(
                    """
                    DELETE FROM payloads WHERE sha256 NOT IN (SELECT payload_sha256 FROM messages)
                        AND sha256 NOT IN (SELECT sent_sha256 FROM attempts WHERE sent_sha256 IS NOT NULL)
                    """
                )
                return removed
            }
        }
    }

    public func recoverExpiredLeases(now: Date) throws(OutboxError) -> Int {
        let stamp = Self.millis(now)
        return try locked { () throws(OutboxError) -> Int in
            try connection.transaction { () throws(OutboxError) -> Int in
                let ids = try connection.query("SELECT id FROM messages WHERE state = 'sending' AND lease_until < ? ORDER BY id" + forUpdate, [.integer(stamp)]).compactMap { $0.first?.int }
                for id in ids {
                    try connection.run(
                        "INSERT INTO attempts(message_id, started_at, finished_at, outcome, error) VALUES (?, ?, ?, 'lease-expired', 'the worker stopped before the outcome was recorded')",
                        [.integer(id), .integer(stamp), .integer(stamp)]
                    )
                }
                let moved = try transition(
                    ids: ids, event: .leaseExpired, reason: "lease expired", now: now,
                    extra: ", next_attempt_at = \(stamp), lease_owner = NULL, lease_until = NULL, last_error = 'lease expired'"
                )
                // Workers call this every second or so: the moment to fold the counter deltas.
                if connection.dialect == .postgres { try connection.execute(PostgresSchema.foldCounters) }
                return moved
            }
        }
    }

    /// Inventories that can never be sent: waiting for an order, payment or waybill that customs
    /// rejected (100), whose message is dead or cancelled, or that has had an error (a negative
    /// code) for longer than `grace` without a later acceptance. Each goes `dead` with the reason,
    /// so an operator sees it — instead of waiting in the queue forever. Returns how many moved.
    public func failBlockedInventories(grace: TimeInterval, now: Date) throws(OutboxError) -> Int {
        let cutoff = Self.millis(now.addingTimeInterval(-grace))
        return try locked { () throws(OutboxError) -> Int in
            try connection.transaction { () throws(OutboxError) -> Int in
                let rows = try connection.query(
                    """
                    SELECT m.id, o.type, o.business_key, o.customs_status, om.state FROM messages m
                    JOIN documents inv ON inv.message_id = m.id
                    JOIN documents o ON o.order_no = inv.order_no AND o.type IN ('CEB311Message', 'CEB411Message', 'CEB511Message')
                    JOIN messages om ON om.id = o.message_id
                    WHERE m.type = 'CEB621Message' AND m.state IN ('queued', 'retry-wait')
                    AND (o.customs_status = '100' OR om.state IN ('dead', 'cancelled')
                         OR ((o.customs_status LIKE '-%' OR o.customs_status = '4') AND o.updated_at < ?))
                    ORDER BY m.id
                    """,
                    [.integer(cutoff)]
                )
                var moved = 0
                var done = Set<Int64>()
                for row in rows {
                    guard let id = row[0].int, done.insert(id).inserted else { continue }
                    let what = "its \(row[1].string ?? "document") \(row[2].string ?? "")"
                    let why: String
                    switch (row[3].string, row[4].string) {
                    case ("100"?, _): why = "was rejected by customs (100)"
                    case (_, let state?) where state == "dead" || state == "cancelled": why = "is \(state) and was never accepted"
                    case (let status?, _): why = "has had error \(status) for more than \(Int(grace / 60)) minutes"
                    default: why = "cannot be accepted"
                    }
                    let reason = "\(what) \(why): customs would refuse the inventory; fix the \(row[1].string ?? "document"), then swgate retry this one"
                    moved += try transition(ids: [id], event: .exhausted, reason: reason, now: now)
                    try connection.run("UPDATE messages SET last_error = ? WHERE id = ?", [.text(reason), .integer(id)])
                }
                return moved
            }
        }
    }

    // MARK: integrity

    public func check() throws(OutboxError) -> [String] {
        try locked { () throws(OutboxError) -> [String] in
            var problems: [String] = []
            switch connection.dialect {
            case .sqlite:
                for row in try connection.query("PRAGMA integrity_check") where row.first?.string != "ok" {
                    problems.append("SQLite integrity: \(row.first?.string ?? "?")")
                }
                for row in try connection.query("PRAGMA foreign_key_check") {
                    problems.append("foreign key broken in \(row.first?.string ?? "?") row \(row.count > 1 ? row[1].string ?? "?" : "?")")
                }
            case .postgres:
                // PostgreSQL enforces foreign keys itself and checks its pages on read.
                break
            }
            let states = MessageState.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            if let bad = try connection.query("SELECT COUNT(*) FROM messages WHERE state NOT IN (\(states))").first?.first?.int, bad > 0 {
                problems.append("\(bad) messages have an unknown state")
            }
            if let empty = try connection.query("SELECT COUNT(*) FROM messages m WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.message_id = m.id)").first?.first?.int, empty > 0 {
                problems.append("\(empty) messages carry no document (a partial batch)")
            }
            if let unleased = try connection.query("SELECT COUNT(*) FROM messages WHERE state = 'sending' AND lease_until IS NULL").first?.first?.int, unleased > 0 {
                problems.append("\(unleased) messages are sending without a lease")
            }
            if let orphans = try connection.query("SELECT COUNT(*) FROM messages m LEFT JOIN payloads p ON p.sha256 = m.payload_sha256 WHERE p.sha256 IS NULL").first?.first?.int, orphans > 0 {
                problems.append("\(orphans) messages have no payload")
            }
            for row in try connection.query("SELECT b.id, b.documents, (SELECT COUNT(*) FROM documents d JOIN messages m ON m.id = d.message_id WHERE m.batch_id = b.id AND d.app_type = '1') FROM batches b") {
                if let expected = row[1].int, let found = row[2].int, found > expected {
                    problems.append("batch \(row[0].int ?? 0) has \(found) documents, more than the \(expected) it recorded")
                }
            }
            // The counters `swgate status` reads, against the rows they count, both ways.
            let countedThings = [
                ("state", "messages", "SELECT state, COUNT(*) FROM messages GROUP BY state"),
                ("customs", "documents", "SELECT COALESCE(customs_status, 'none'), COUNT(*) FROM documents GROUP BY COALESCE(customs_status, 'none')"),
            ]
            for (kind, things, sql) in countedThings {
                var counted: [String: Int64] = [:]
                for row in try connection.query("SELECT key, n FROM counters WHERE kind = ?", [.text(kind)]) {
                    if let key = row[0].string, let n = row[1].int { counted[key] = n }
                }
                var actual: [String: Int64] = [:]
                for row in try connection.query(sql) { if let key = row[0].string, let n = row[1].int { actual[key] = n } }
                for key in Set(counted.keys).union(actual.keys).sorted() where (counted[key] ?? 0) != (actual[key] ?? 0) {
                    problems.append("the counter for \(kind) \(key) says \(counted[key] ?? 0), the \(things) say \(actual[key] ?? 0)")
                }
            }
            for row in try connection.query("SELECT sha256, body FROM payloads") {
                if let hash = row[0].string, let body = row[1].data, SHA256.hex(body) != hash {
                    problems.append("payload \(hash.prefix(12))… does not match its hash")
                }
            }
            // The archive `receipts replay` rebuilds statuses from: a changed body would replay
            // into different statuses than customs sent.
            for row in try connection.query("SELECT sha256, body FROM raw_receipts") {
                if let hash = row[0].string, let body = row[1].data, SHA256.hex(body) != hash {
                    problems.append("archived raw receipt \(hash.prefix(12))… does not match its hash (the archive was changed; replay would not give customs' statuses)")
                }
            }
            return problems
        }
    }
}
