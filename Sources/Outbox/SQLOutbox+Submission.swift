import CEBMessages
public import Foundation

/// Submitting a batch: all of it or none of it, idempotent, in one transaction.
extension SQLOutbox {
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
        for message in messages {
            for document in message.documents { byType[document.key.type, default: []].append(document.key.businessKey) }
        }
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
                if messages.isEmpty {
                    return SubmissionResult(batchID: nil, enqueuedMessages: 0, enqueuedDocuments: 0, alreadyPresentDocuments: identical)
                }
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
                var withholdingRows: [[SQLValue]] = []
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
                        .integer(documentID), .text(document.key.type.rawValue), .text(document.key.businessKey), .text(document.orderNo),
                        .text(document.guid),
                        .text(document.contentHash), .text(document.appType), .integer(messageID), .text(document.record), .integer(stamp),
                        .integer(stamp),
                    ])
                    for key in document.lookupKeys where Self.ownBusinessKey(key) == nil {
                        keyRows.append([.text(key), .integer(documentID)])
                    }
                    if let withheld = document.withheldTax {
                        withholdingRows.append([.integer(documentID), .text(document.orderNo), .text(withheld.description)])
                    }
                    if let purchase = document.purchase {
                        purchaseRows.append([
                            .integer(documentID), .text(purchase.buyer), .integer(Int64(purchase.year)), .integer(purchase.fen),
                        ])
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
                            columns: [
                                "id", "guid", "type", "schema_version", "payload_sha256", "state", "batch_id", "created_at", "updated_at",
                            ],
                            rows: messageRows
                        )
                    }
                } catch {
                    throw error.kind == .conflict ? try messageConflict(messages, before: firstMessageID) : error
                }
                try connection.insertRows(
                    "INSERT", into: "audit", columns: ["at", "entity", "entity_id", "to_state", "reason"], rows: auditRows)
                // A modification (appType 2) takes over its document's row: a new round for the same key.
                for (messageID, document) in amendments {
                    let changed = try connection.run(
                        """
                        UPDATE documents SET message_id = ?, content_sha256 = ?, guid = ?, app_type = '2', round = round + 1, record = ?, updated_at = ?,
                            customs_status = NULL, customs_rank = 0, customs_info = NULL
                        WHERE type = ? AND business_key = ?
                        """,
                        [
                            .integer(messageID), .text(document.contentHash), .text(document.guid), .text(document.record), .integer(stamp),
                            .text(document.key.type.rawValue), .text(document.key.businessKey),
                        ]
                    )
                    if changed == 0 {
                        addDocument(document, messageID: messageID)
                    } else if let withheld = document.withheldTax {
                        // The amended order's withheld tax replaces the earlier one.
                        try connection.run(
                            """
                            UPDATE withholdings SET amount = ? WHERE document_id IN
                            (SELECT id FROM documents WHERE type = ? AND business_key = ?)
                            """, [.text(withheld.description), .text(document.key.type.rawValue), .text(document.key.businessKey)])
                    }
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
                            columns: [
                                "id", "type", "business_key", "order_no", "guid", "content_sha256", "app_type", "message_id", "record",
                                "created_at", "updated_at",
                            ],
                            rows: documentRows
                        )
                    }
                } catch {
                    throw error.kind == .conflict ? try documentConflict(messages, before: firstDocumentID) : error
                }
                try connection.insertRows("INSERT OR IGNORE", into: "document_keys", columns: ["key", "document_id"], rows: keyRows)
                try connection.insertRows(
                    "INSERT", into: "purchases", columns: ["document_id", "buyer", "year", "fen"], rows: purchaseRows)
                try connection.insertRows(
                    "INSERT", into: "withholdings", columns: ["document_id", "order_no", "amount"], rows: withholdingRows)
                try serialize(Self.receiptLock)
                try applyWaitingReceipts(now: now)
                return SubmissionResult(
                    batchID: batchID, enqueuedMessages: messages.count, enqueuedDocuments: documentCount, alreadyPresentDocuments: identical
                )
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
            if !taken {
                taken = try !connection.query("SELECT 1 FROM messages WHERE guid = ? AND id < ?", [.text(message.guid), .integer(firstID)])
                    .isEmpty
            }
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
            if !taken {
                taken = try !connection.query(sql, [.text(document.key.type.rawValue), .text(document.key.businessKey), .integer(firstID)])
                    .isEmpty
            }
            if taken { return OutboxError(.conflict, "\(document.key.type.title) \(document.key.businessKey) is already in the outbox") }
        }
        return OutboxError(.conflict, "a document of this batch is already in the outbox")
    }
}
