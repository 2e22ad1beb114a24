import CEBMessages
public import Foundation

/// Answers that matched no sent document: kept, applied when their document appears and was sent,
/// listed for operators, and expired.
extension SQLOutbox {
    /// Applies kept receipts whose document has since appeared (called after each submission).
    func applyWaitingReceipts(now: Date) throws(OutboxError) {
        let rows = PendingRows()
        let targets = ReceiptTargets()
        let waiting = try connection.query(
            "SELECT id, lookup_keys, message_type, return_status, return_info, content_sha256, source, raw_sha256, fields, received_at FROM receipts WHERE document_id IS NULL"
        )
        for row in waiting {
            guard let id = row[0].int, let type = row[2].string.flatMap(CEBMessageType.init(rawValue:)) else { continue }
            let keys = (row[1].string ?? "").split(separator: "\n").map(String.init)
            let guid = keys.first { $0.hasPrefix("guid|") }.map { String($0.dropFirst(5)) }
            guard let documentID = try findDocument(guid: guid, keys: keys.filter { !$0.hasPrefix("guid|") }) else { continue }
            // Only an answer that arrived after its document was first sent can be customs' answer to
            // it; one stamped in the very millisecond of the claim cannot be (nothing was on the wire yet).
            guard let firstSent = try firstClaim(ofDocument: documentID), firstSent < (row[9].int ?? Int64.min) else { continue }
            let fields = row[8].string ?? "{}"
            let receipt = IncomingReceipt(
                contentHash: row[5].string ?? "", receiptType: type, status: row[3].string ?? "", info: row[4].string ?? "", guid: guid,
                lookupKeys: keys, preNo: Self.field("preNo", in: fields), invtNo: Self.field("invtNo", in: fields),
                source: row[6].string ?? "",
                rawSHA256: row[7].string ?? "", fieldsJSON: fields
            )
            _ = try applyToDocument(
                receiptID: id, documentID: documentID, receipt: receipt, acceptanceRank: CustomsStatus.rank("2"), now: now, rows: rows,
                targets: targets)
        }
        try wakeInventories(ofOrders: try targets.writeChanges(to: connection))
        try rows.write(to: connection)
    }

    /// When the message carrying `documentID` was first claimed for sending (the audit trail's
    /// first move to `sending`), or nil when it never was.
    func firstClaim(ofDocument documentID: Int64) throws(OutboxError) -> Int64? {
        try connection.query(
            """
            SELECT MIN(a.at) FROM audit a JOIN documents d ON a.entity_id = d.message_id
            WHERE d.id = ? AND a.entity = 'message' AND a.to_state = \(SQLLiteral.state(.sending))
            """,
            [.integer(documentID)]
        ).first?.first?.int
    }

    /// Reads a string field from the receipts' stored JSON.
    static func field(_ name: String, in json: String) -> String? {
        guard let data = json.data(using: .utf8), let object = try? JSONSerialization.jsonObject(with: data) as? [String: String] else {
            return nil
        }
        return object[name]
    }

    /// Every archived raw receipt, oldest first (for replay).
    public func rawReceipts() throws(OutboxError) -> [Data] {
        try locked { () throws(OutboxError) -> [Data] in
            try connection.query("SELECT body FROM raw_receipts ORDER BY received_at, sha256").compactMap { $0.first?.data }
        }
    }

    /// A receipt kept without being applied.
    public struct UnmatchedReceipt: Sendable, Hashable {
        public var type: String
        public var status: String
        public var keys: String
        public var receivedAt: Date
        /// The document it names when there is one that was never sent (why it was not applied);
        /// nil when it names no document of this outbox.
        public var unsentDocumentID: Int64?
    }

    /// Receipts kept unapplied: for no document of this outbox, or for one never sent. Oldest first.
    public func unmatchedReceipts(limit: Int = 1000) throws(OutboxError) -> [UnmatchedReceipt] {
        try locked { () throws(OutboxError) -> [UnmatchedReceipt] in
            let rows = try connection.query(
                "SELECT message_type, return_status, lookup_keys, received_at FROM receipts WHERE document_id IS NULL ORDER BY id LIMIT ?",
                [.integer(Int64(limit))]
            )
            var found: [UnmatchedReceipt] = []
            for row in rows {
                let keys = (row[2].string ?? "").split(separator: "\n").map(String.init)
                let guid = keys.first { $0.hasPrefix("guid|") }.map { String($0.dropFirst(5)) }
                let document = try findDocument(guid: guid, keys: keys.filter { !$0.hasPrefix("guid|") })
                found.append(
                    UnmatchedReceipt(
                        type: row[0].string ?? "", status: row[1].string ?? "", keys: keys.joined(separator: " "),
                        receivedAt: Self.date(row[3].int),
                        unsentDocumentID: document
                    ))
            }
            return found
        }
    }

    /// Deletes unapplied receipts received before `cutoff` (their raw receipt stays archived),
    /// so that a flood of answers for nothing cannot grow the outbox without bound. Returns how many.
    @discardableResult
    public func expireUnmatchedReceipts(receivedBefore cutoff: Date) throws(OutboxError) -> Int {
        try locked { () throws(OutboxError) -> Int in
            try connection.transaction { () throws(OutboxError) -> Int in
                let stale =
                    try connection.query(
                        "SELECT COUNT(*) FROM receipts WHERE document_id IS NULL AND received_at < ?", [.integer(Self.millis(cutoff))]
                    ).first?.first?.int ?? 0
                if stale > 0 {
                    try connection.run(
                        "DELETE FROM receipts WHERE document_id IS NULL AND received_at < ?", [.integer(Self.millis(cutoff))])
                }
                return Int(stale)
            }
        }
    }
}
