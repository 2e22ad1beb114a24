import CEBMessages
public import Foundation

/// Submitting a batch: all of it or none of it, idempotent, in one transaction.
extension SQLOutbox {
    // MARK: submit

    /// What the outbox holds under each of `keys` (one document at most: a key is unique), found
    /// a few hundred keys to a query.
    public func existing(_ keys: [DocumentKey]) throws(OutboxError) -> [DocumentKey: ExistingDocument] {
        try locked { () throws(OutboxError) -> [DocumentKey: ExistingDocument] in
            var byType: [CEBMessageType: Set<String>] = [:]
            for key in keys { byType[key.type, default: []].insert(key.businessKey) }
            var result: [DocumentKey: ExistingDocument] = [:]
            for (type, businessKeys) in byType {
                let rows = try connection.queryChunked(businessKeys.sorted().map { .text($0) }, leading: [.text(type.rawValue)]) {
                    """
                    SELECT d.business_key, d.id, d.content_sha256, d.customs_status, d.round, m.state, d.order_no, d.created_at
                    FROM documents d JOIN messages m ON m.id = d.message_id WHERE d.type = ? AND d.business_key IN (\($0))
                    """
                }
                for row in rows {
                    guard let businessKey = row[0].string, let id = row[1].int else { continue }
                    result[DocumentKey(type: type, businessKey: businessKey)] = ExistingDocument(
                        id: id, contentHash: row[2].string ?? "", customsStatus: row[3].string, round: Int(row[4].int ?? 1),
                        messageState: MessageState(rawValue: row[5].string ?? "") ?? .queued,
                        orderNo: row[6].string ?? "", createdAt: Self.date(row[7].int)
                    )
                }
            }
            return result
        }
    }

    /// The documents of `messages` whose every document the outbox held already, before
    /// `firstID`, with the same content: such a message is not enqueued again. Rows from `firstID`
    /// on are the submitting transaction's own and are not compared.
    private func identicalDocuments(_ messages: [SubmissionMessage], before firstID: Int64) throws(OutboxError) -> Set<DocumentKey> {
        var byType: [CEBMessageType: [String]] = [:]
        for message in messages {
            for document in message.documents { byType[document.key.type, default: []].append(document.key.businessKey) }
        }
        var stored: [DocumentKey: String] = [:]
        for (type, keys) in byType {
            let rows = try connection.queryChunked(keys.map { .text($0) }, leading: [.integer(firstID), .text(type.rawValue)]) {
                "SELECT business_key, content_sha256 FROM documents WHERE id < ? AND type = ? AND business_key IN (\($0))"
            }
            for row in rows {
                if let key = row[0].string, let hash = row[1].string { stored[DocumentKey(type: type, businessKey: key)] = hash }
            }
        }
        guard !stored.isEmpty else { return [] }
        var identical = Set<DocumentKey>()
        for message in messages where message.documents.allSatisfy({ stored[$0.key] == $0.contentHash }) {
            for document in message.documents { identical.insert(document.key) }
        }
        return identical
    }

    /// Enqueues `messages` in one transaction; `progress` hears how many documents are written.
    public func submit(
        file: String, messages: [SubmissionMessage], now: Date, progress: ((Int) -> Void)? = nil
    ) throws(OutboxError) -> SubmissionResult {
        guard !messages.isEmpty else { return SubmissionResult(batchID: nil, enqueuedMessages: 0, enqueuedDocuments: 0) }
        return try submit(file: file, now: now, progress: progress) {
            (writer: SubmissionRows, body: (SubmissionGroupRows) throws(OutboxError) -> Void) throws(OutboxError) in
            var writer = writer
            var start = 0
            while start < messages.count {
                try body(SubmissionGroupRows(Array(messages[start..<min(start + Self.submitGroup, messages.count)]), writer: &writer))
                start += Self.submitGroup
            }
        }
    }

    /// Enqueues the messages of `spill` (payloads staged) in one transaction, read back a group at
    /// a time: memory holds a group whatever the size of the batch. Each group's rows are made on
    /// the thread that reads the spill, while the transaction inserts the group before.
    public func submit(
        file: String, spill: SubmissionSpill, now: Date, progress: ((Int) -> Void)? = nil
    ) throws(OutboxError) -> SubmissionResult {
        guard spill.messageCount > 0 else { return SubmissionResult(batchID: nil, enqueuedMessages: 0, enqueuedDocuments: 0) }
        return try submit(file: file, now: now, progress: progress) {
            (writer: SubmissionRows, body: (SubmissionGroupRows) throws(OutboxError) -> Void) throws(OutboxError) in
            do {
                try spill.forEachGroup(
                    of: Self.submitGroup, state: writer, prepare: { group, writer in SubmissionGroupRows(group, writer: &writer) }
                ) { group in try body(group) }
            } catch let error as OutboxError {
                throw error
            } catch {
                throw OutboxError(.storage, "the submission's staging file cannot be read: \(error.localizedDescription)")
            }
        }
    }

    private func submit(
        file: String, now: Date, progress: ((Int) -> Void)?,
        groups: (_ writer: SubmissionRows, _ body: (SubmissionGroupRows) throws(OutboxError) -> Void) throws(OutboxError) -> Void
    ) throws(OutboxError) -> SubmissionResult {
        let stamp = Self.millis(now)
        return try locked { () throws(OutboxError) -> SubmissionResult in
            let result = try connection.transaction { () throws(OutboxError) -> SubmissionResult in
                try serialize(Self.submitLock)
                let batchID = try connection.insertReturningID(
                    "INSERT INTO batches(file, submitted_at, documents, messages) VALUES (?, ?, ?, ?)",
                    [.text(file), .integer(stamp), .integer(0), .integer(0)]
                )
                // Rows carry explicit ids, taken after the current largest inside this write
                // transaction, so that documents can name their message and keys their document
                // without a round trip per row.
                let firstMessageID = (try connection.query("SELECT COALESCE(MAX(id), 0) FROM messages").first?.first?.int ?? 0) + 1
                let firstDocumentID = (try connection.query("SELECT COALESCE(MAX(id), 0) FROM documents").first?.first?.int ?? 0) + 1
                let writer = SubmissionRows(
                    file: file, batchID: batchID, stamp: stamp, nextMessageID: firstMessageID, nextDocumentID: firstDocumentID)
                // Checked again under the write lock: another submission of the same batch may
                // have committed since the caller looked. What it stored, identical, is skipped —
                // the same no-op as submitting twice in turn — not a conflict. Only rows that were
                // there before this transaction are compared, so one pass reads the batch.
                var identical = Set<DocumentKey>()
                var messageCount = 0
                var documentCount = 0
                var seen = 0
                try groups(writer) { (group: SubmissionGroupRows) throws(OutboxError) in
                    let messages = group.messages
                    let documents = messages.reduce(0) { $0 + $1.documents.count }
                    seen += documents
                    let same = try identicalDocuments(messages, before: firstDocumentID)
                    identical.formUnion(same)
                    if same.isEmpty {
                        try insertGroup(group, stamp: stamp, now: now)
                        messageCount += messages.count
                        documentCount += documents
                    } else {
                        // Rows again for the messages left, under ids from the group's own.
                        let kept = messages.filter { !$0.documents.allSatisfy { same.contains($0.key) } }
                        if !kept.isEmpty {
                            var ids = SubmissionRows(
                                file: file, batchID: batchID, stamp: stamp, nextMessageID: group.firstMessageID,
                                nextDocumentID: group.firstDocumentID)
                            try insertGroup(SubmissionGroupRows(kept, writer: &ids), stamp: stamp, now: now)
                        }
                        messageCount += kept.count
                        documentCount += kept.reduce(0) { $0 + $1.documents.count }
                    }
                    progress?(seen)
                }
                guard messageCount > 0 else {
                    try connection.run("DELETE FROM batches WHERE id = ?", [.integer(batchID)])
                    return SubmissionResult(batchID: nil, enqueuedMessages: 0, enqueuedDocuments: 0, alreadyPresentDocuments: identical)
                }
                try connection.run(
                    "UPDATE batches SET documents = ?, messages = ? WHERE id = ?",
                    [.integer(Int64(documentCount)), .integer(Int64(messageCount)), .integer(batchID)])
                try serialize(Self.receiptLock)
                try applyWaitingReceipts(now: now)
                return SubmissionResult(
                    batchID: batchID, enqueuedMessages: messageCount, enqueuedDocuments: documentCount, alreadyPresentDocuments: identical
                )
            }
            // A large batch changes the queue's shape at once; PostgreSQL plans claims by its
            // statistics, and stale ones (none, on a new outbox) make it sort the whole queue on
            // every claim instead of walking the index to the limit.
            if connection.dialect == .postgres, result.enqueuedMessages >= 100 {
                try connection.execute("ANALYZE messages, documents")
            }
            return result
        }
    }

    /// Messages written by one group of a submission's inserts.
    static let submitGroup = 1_000

    /// Names the message of a batch whose guid is already taken (by the outbox or earlier in the
    /// batch); rows from `before` on are this batch's own, written by the chunks that succeeded.
    func messageConflict(_ messages: [SubmissionMessage], before firstID: Int64) throws(OutboxError) -> OutboxError {
        var seen = Set<String>()
        for message in messages {
            var taken = !seen.insert(message.guid).inserted
            if !taken {
                taken = try !connection.query("SELECT 1 FROM messages WHERE guid = ? AND id < ?", [.text(message.guid), .integer(firstID)])
                    .isEmpty
            }
            if taken { return OutboxError(.conflict, "message \(message.guid) is already in the outbox") }
        }
        return OutboxError(.conflict, "a message of this batch is already in the outbox")
    }

    /// Names the document of a batch that is already in the outbox (or twice in the batch).
    func documentConflict(_ messages: [SubmissionMessage], before firstID: Int64) throws(OutboxError) -> OutboxError {
        var seen = Set<DocumentKey>()
        for document in messages.flatMap(\.documents) where document.appType != "2" {
            var taken = !seen.insert(document.key).inserted
            let sql = "SELECT 1 FROM documents WHERE type = ? AND business_key = ? AND id < ?"
            if !taken {
                taken = try !connection.query(sql, [.text(document.key.type.rawValue), .text(document.key.businessKey), .integer(firstID)])
                    .isEmpty
            }
            if taken { return OutboxError(.conflict, "\(document.key.type.title) \(document.key.businessKey) is already in the outbox") }
        }
        return OutboxError(.conflict, "a document of this batch is already in the outbox")
    }
}
