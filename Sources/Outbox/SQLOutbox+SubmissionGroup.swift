import CEBMessages
import Foundation

extension SQLOutbox {
    /// The audit trail's mark on a message whose document a modification (appType 2) took over.
    static let superseded = "superseded"

    /// Writes one group of a submission's messages and their documents, inside its transaction.
    /// A conflict names the message or document already there — in the outbox before this group,
    /// earlier groups of the batch included.
    func insertGroup(_ group: SubmissionGroupRows, stamp: Int64, now: Date) throws(OutboxError) {
        var group = group
        let messages = group.messages
        // Payloads first: messages refer to them. Staged ones must still be there (a prune
        // between staging and this transaction removes payloads no message names yet).
        try connection.insertRows("INSERT OR IGNORE", into: "payloads", columns: ["sha256", "body"], rows: group.payloads)
        if !group.staged.isEmpty {
            let found = try connection.queryChunked(group.staged.map { .text($0) }) {
                "SELECT sha256 FROM payloads WHERE sha256 IN (\($0))"
            }
            if found.count < group.staged.count {
                throw OutboxError(
                    .conflict,
                    "\(group.staged.count - found.count) staged message payloads were removed (by a prune?) before the batch was stored; submit it again"
                )
            }
        }
        do throws(OutboxError) {
            try connection.recoverable { () throws(OutboxError) in
                try connection.insertRows(
                    "INSERT", into: "messages",
                    columns: ["id", "guid", "type", "schema_version", "payload_sha256", "state", "batch_id", "created_at", "updated_at"],
                    rows: group.messageRows
                )
            }
        } catch {
            throw error.kind == .conflict ? try messageConflict(messages, before: group.firstMessageID) : error
        }
        try connection.insertRows("INSERT", into: "audit", columns: ["at", "entity", "entity_id", "to_state", "reason"], rows: group.audit)
        // A modification (appType 2) takes over its document's row: a new round for the same key.
        for amendment in group.amendments {
            let document = amendment.document
            let earlier = try connection.query(
                "SELECT id, message_id FROM documents WHERE type = ? AND business_key = ?",
                [.text(document.key.type.rawValue), .text(document.key.businessKey)]
            ).first
            guard let earlier, let documentID = earlier[0].int, let earlierMessage = earlier[1].int else {
                group.addDocument(document, id: amendment.documentID, messageID: amendment.messageID, stamp: stamp)
                continue
            }
            try connection.run(
                """
                UPDATE documents SET message_id = ?, content_sha256 = ?, guid = ?, app_type = '2', round = round + 1, record = ?, updated_at = ?,
                    customs_status = NULL, customs_rank = 0, customs_info = NULL
                WHERE id = ?
                """,
                [
                    .integer(amendment.messageID), .text(document.contentHash), .text(document.guid), .text(document.record),
                    .integer(stamp), .integer(documentID),
                ]
            )
            // The earlier message keeps its history but no longer carries the document; its
            // trail says so (and `swgate doctor` does not take it for a partial batch).
            try connection.run(
                "INSERT INTO audit(at, entity, entity_id, to_state, reason) VALUES (?, 'message', ?, ?, ?)",
                [
                    .integer(stamp), .integer(earlierMessage), .text(Self.superseded),
                    .text("its \(document.key.type.title) \(document.key.businessKey) was modified by message \(document.guid)"),
                ])
            if let facts = document.platformFacts {
                // The amended document's facts replace the earlier ones.
                try connection.run("DELETE FROM platform_facts WHERE document_id = ?", [.integer(documentID)])
                try connection.run(
                    "INSERT INTO platform_facts(document_id, payment_key, facts) VALUES (?, ?, ?)",
                    [.integer(documentID), .text(document.paymentKey), .text(facts)])
            }
            if let withheld = document.withheldTax {
                // The amended order's withheld tax replaces the earlier one.
                try connection.run(
                    "UPDATE withholdings SET amount = ? WHERE document_id = ?", [.text(withheld.description), .integer(documentID)])
            }
        }
        // Waybill numbers the carrier may use again: the old document keeps its history under
        // a retired key (only if it really is that old: otherwise the insert below conflicts).
        let retireBefore = Self.millis(now.addingTimeInterval(-SubmissionDocument.waybillReuseAge))
        for key in group.retiring {
            try connection.run(
                "UPDATE documents SET business_key = business_key || '#retired-' || id WHERE type = ? AND business_key = ? AND created_at < ?",
                [.text(key.type.rawValue), .text(key.businessKey), .integer(retireBefore)]
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
                    rows: group.documents
                )
            }
        } catch {
            throw error.kind == .conflict ? try documentConflict(messages, before: group.firstDocumentID) : error
        }
        try countInserted(group)
        try connection.insertRows("INSERT OR IGNORE", into: "document_keys", columns: ["key", "document_id"], rows: group.keys)
        try connection.insertRows("INSERT", into: "purchases", columns: ["document_id", "buyer", "year", "fen"], rows: group.purchases)
        try connection.insertRows("INSERT", into: "withholdings", columns: ["document_id", "order_no", "amount"], rows: group.withholdings)
        try connection.insertRows("INSERT", into: "platform_facts", columns: ["document_id", "payment_key", "facts"], rows: group.facts)
    }

    /// SQLite: counts the group's new messages (queued, by type) and new documents (no customs
    /// status yet), which no trigger counts there (migration 18). PostgreSQL's statement
    /// triggers count every insert already.
    private func countInserted(_ group: SubmissionGroupRows) throws(OutboxError) {
        guard connection.dialect == .sqlite else { return }
        var counts: [ReceiptTargets.CounterKey: Int] = [:]
        if !group.messages.isEmpty {
            counts[ReceiptTargets.CounterKey(kind: "state", key: MessageState.queued.rawValue)] = group.messages.count
        }
        for (type, count) in group.messagesByType { counts[ReceiptTargets.CounterKey(kind: "type", key: type.rawValue)] = count }
        if !group.documents.isEmpty { counts[ReceiptTargets.CounterKey(kind: "customs", key: "none")] = group.documents.count }
        for (counter, count) in counts.sorted(by: { ($0.key.kind, $0.key.key) < ($1.key.kind, $1.key.key) }) {
            try connection.run(
                "INSERT INTO counters(kind, key, n) VALUES (?, ?, ?) ON CONFLICT(kind, key) DO UPDATE SET n = n + excluded.n",
                [.text(counter.kind), .text(counter.key), .integer(Int64(count))]
            )
        }
    }
}
