public import Foundation

extension SQLOutbox {
    /// The documents an operator's reference names: a document id, a document or message guid,
    /// an order number (every document of that order) or a business key. At most 100.
    public func documents(matching reference: String) throws(OutboxError) -> [DocumentSummary] {
        try locked { () throws(OutboxError) -> [DocumentSummary] in
            try connection.query(
                """
                SELECT \(Self.summaryColumns) FROM documents d JOIN messages m ON m.id = d.message_id
                WHERE d.guid = ? OR d.order_no = ? OR d.business_key = ? OR m.guid = ? OR d.id = ? ORDER BY d.id LIMIT 100
                """,
                [.text(reference), .text(reference), .text(reference), .text(reference), .integer(Int64(reference) ?? -1)]
            ).compactMap(Self.summary)
        }
    }

    /// Every document the message `id` carries (more than one when documents were packed).
    public func documents(carriedBy id: Int64) throws(OutboxError) -> [DocumentSummary] {
        try locked { () throws(OutboxError) -> [DocumentSummary] in
            try connection.query(
                "SELECT \(Self.summaryColumns) FROM documents d JOIN messages m ON m.id = d.message_id WHERE m.id = ? ORDER BY d.id",
                [.integer(id)]
            ).compactMap(Self.summary)
        }
    }
}

extension SQLOutbox {
    /// The import inventory customs numbered `invtNo`, with its stored message, when this outbox declared it.
    public func inventory(invtNo: String) throws(OutboxError) -> (summary: DocumentSummary, payload: Data)? {
        try locked { () throws(OutboxError) -> (summary: DocumentSummary, payload: Data)? in
            guard
                let row = try connection.query(
                    """
                    SELECT \(Self.summaryColumns), p.body FROM documents d JOIN messages m ON m.id = d.message_id JOIN payloads p ON p.sha256 = m.payload_sha256
                    WHERE d.invt_no = ? AND d.type = 'CEB621Message' ORDER BY d.id DESC LIMIT 1
                    """,
                    [.text(invtNo)]
                ).first, let summary = Self.summary(row), let payload = row.last?.data
            else { return nil }
            return (summary, payload)
        }
    }
}
