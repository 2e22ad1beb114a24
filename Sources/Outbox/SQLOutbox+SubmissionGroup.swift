import CEBMessages
import Foundation

/// The ids and constants a submission's groups of rows share.
struct SubmissionRows {
    let file: String
    let batchID: Int64
    let stamp: Int64
    var nextMessageID: Int64
    var nextDocumentID: Int64
}

extension SQLOutbox {
    /// Writes one group of a submission's messages and their documents, inside its transaction.
    /// A conflict names the message or document already there — in the outbox before this group,
    /// earlier groups of the batch included.
    func insertGroup(_ messages: [SubmissionMessage], writer: inout SubmissionRows, now: Date) throws(OutboxError) {
        let stamp = writer.stamp
        let firstMessageID = writer.nextMessageID
        let firstDocumentID = writer.nextDocumentID
        var payloadRows: [[SQLValue]] = []
        var messageRows: [[SQLValue]] = []
        var auditRows: [[SQLValue]] = []
        var documentRows: [[SQLValue]] = []
        var keyRows: [[SQLValue]] = []
        var purchaseRows: [[SQLValue]] = []
        var withholdingRows: [[SQLValue]] = []
        var factRows: [[SQLValue]] = []
        messageRows.reserveCapacity(messages.count)
        auditRows.reserveCapacity(messages.count)
        let reason = SQLValue.text("submitted from \(writer.file)")
        var amendments: [(messageID: Int64, document: SubmissionDocument)] = []
        func addDocument(_ document: SubmissionDocument, messageID: Int64) {
            let documentID = writer.nextDocumentID
            writer.nextDocumentID += 1
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
            if let facts = document.platformFacts {
                factRows.append([.integer(documentID), .text(document.paymentKey), .text(facts)])
            }
            if let purchase = document.purchase {
                purchaseRows.append([.integer(documentID), .text(purchase.buyer), .integer(Int64(purchase.year)), .integer(purchase.fen)])
            }
        }
        for message in messages {
            let hash = SQLValue.text(message.payloadHash)
            let messageID = writer.nextMessageID
            writer.nextMessageID += 1
            if let xml = message.xml { payloadRows.append([hash, .blob(xml)]) }
            messageRows.append([
                .integer(messageID), .text(message.guid), .text(message.type.rawValue), .text(Self.schemaVersion), hash,
                .text(MessageState.queued.rawValue), .integer(writer.batchID), .integer(stamp), .integer(stamp),
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
        // Payloads first: messages refer to them. Staged ones must still be there (a prune
        // between staging and this transaction removes payloads no message names yet).
        try connection.insertRows("INSERT OR IGNORE", into: "payloads", columns: ["sha256", "body"], rows: payloadRows)
        let staged = Set(messages.filter { $0.xml == nil }.map(\.payloadHash))
        if !staged.isEmpty {
            let found = try connection.queryChunked(staged.map { .text($0) }) { "SELECT sha256 FROM payloads WHERE sha256 IN (\($0))" }
            if found.count < staged.count {
                throw OutboxError(
                    .conflict,
                    "\(staged.count - found.count) staged message payloads were removed (by a prune?) before the batch was stored; submit it again"
                )
            }
        }
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
                [
                    .integer(messageID), .text(document.contentHash), .text(document.guid), .text(document.record), .integer(stamp),
                    .text(document.key.type.rawValue), .text(document.key.businessKey),
                ]
            )
            if changed == 0 {
                addDocument(document, messageID: messageID)
                continue
            }
            if let facts = document.platformFacts {
                // The amended document's facts replace the earlier ones.
                let key = [SQLValue.text(document.key.type.rawValue), .text(document.key.businessKey)]
                try connection.run(
                    "DELETE FROM platform_facts WHERE document_id IN (SELECT id FROM documents WHERE type = ? AND business_key = ?)", key)
                try connection.run(
                    "INSERT INTO platform_facts(document_id, payment_key, facts) SELECT id, ?, ? FROM documents WHERE type = ? AND business_key = ?",
                    [.text(document.paymentKey), .text(facts)] + key)
            }
            if let withheld = document.withheldTax {
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
                        "created_at",
                        "updated_at",
                    ],
                    rows: documentRows
                )
            }
        } catch {
            throw error.kind == .conflict ? try documentConflict(messages, before: firstDocumentID) : error
        }
        try connection.insertRows("INSERT OR IGNORE", into: "document_keys", columns: ["key", "document_id"], rows: keyRows)
        try connection.insertRows("INSERT", into: "purchases", columns: ["document_id", "buyer", "year", "fen"], rows: purchaseRows)
        try connection.insertRows("INSERT", into: "withholdings", columns: ["document_id", "order_no", "amount"], rows: withholdingRows)
        try connection.insertRows("INSERT", into: "platform_facts", columns: ["document_id", "payment_key", "facts"], rows: factRows)
    }
}
