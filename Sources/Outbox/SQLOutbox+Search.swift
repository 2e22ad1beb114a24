import Foundation

/// Finding documents by whatever number an operator has at hand (the console's search).
extension SQLOutbox {
    /// Documents `text` names: an order number, a document or message guid, a business key, a
    /// waybill number (without its carrier's code), an inventory's copNo, preNo or invtNo. At most
    /// `limit`, newest first.
    public func search(_ text: String, limit: Int = 50) throws(OutboxError) -> [DocumentSummary] {
        let value = SQLValue.text(text)
        let keys = ["CEB621|cop|", "CEB621|invt|", "CEB621|pre|", "CEB623|invt|", "CEB625|invt|"].map { SQLValue.text($0 + text) }
        return try locked { () throws(OutboxError) -> [DocumentSummary] in
            try connection.query(
                """
                SELECT \(Self.summaryColumns) FROM documents d JOIN messages m ON m.id = d.message_id
                WHERE d.order_no = ? OR d.guid = ? OR d.business_key = ? OR m.guid = ? OR d.invt_no = ?
                    OR d.id IN (SELECT document_id FROM document_keys WHERE key IN (?, ?, ?, ?, ?))
                    OR (d.type = 'CEB511Message' AND d.business_key LIKE ?)
                ORDER BY d.id DESC LIMIT ?
                """,
                [value, value, value, value, value] + keys + [.text("%:" + Self.likeEscaped(text)), .integer(Int64(max(1, limit)))]
            ).compactMap(Self.summary)
        }
    }

    /// `text` with LIKE's wildcards taken literally (SQLite and PostgreSQL both honour `\` as the
    /// escape only with ESCAPE; neither `%` nor `_` appears in customs numbers, so they are dropped).
    static func likeEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "")
    }
}
