import CEBMessages
public import Foundation

extension SQLOutbox {
    /// Delivered documents without a final customs status whose last news (delivery or status)
    /// is older than their deadline, oldest first.
    public func overdueDocuments(_ deadlines: ReceiptDeadlines, now: Date, limit: Int) throws(OutboxError) -> [DocumentSummary] {
        let (condition, values) = Self.overdueCondition(deadlines, now: now)
        return try locked { () throws(OutboxError) -> [DocumentSummary] in
            try connection.query(
                "SELECT \(Self.summaryColumns) FROM \(overdueJoin) WHERE \(condition) ORDER BY \(latest) LIMIT ?",
                values + [.integer(Int64(min(limit, Int(Int32.max))))]
            ).compactMap(Self.summary)
        }
    }

    /// How many documents ``overdueDocuments(_:now:limit:)`` would list: read through the index
    /// of waiting documents, so it stays fast however large the outbox grows.
    public func overdueCount(_ deadlines: ReceiptDeadlines, now: Date) throws(OutboxError) -> Int {
        let (condition, values) = Self.overdueCondition(deadlines, now: now)
        return try locked { () throws(OutboxError) -> Int in
            let rows = try connection.query("SELECT COUNT(*) FROM \(overdueJoin) WHERE \(condition)", values)
            return Int(rows.first?.first?.int ?? 0)
        }
    }

    /// Waiting documents first, through their index (without statistics SQLite would rather walk
    /// every acknowledged message), then each one's message by its key. PostgreSQL plans by its
    /// statistics and takes no such hints.
    var overdueJoin: String {
        switch connection.dialect {
        case .sqlite: "documents d INDEXED BY documents_waiting CROSS JOIN messages m ON m.id = d.message_id"
        case .postgres: "documents d JOIN messages m ON m.id = d.message_id"
        }
    }

    /// The later of the document's and its message's last change.
    private var latest: String {
        switch connection.dialect {
        case .sqlite: "MAX(d.updated_at, m.updated_at)"
        case .postgres: "GREATEST(d.updated_at, m.updated_at)"
        }
    }

    /// Waiting (the partial index's own terms), delivered, and silent for longer than the deadline
    /// of the document's type. The index ranges over the latest cutoff of all types; the exact
    /// cutoff per type filters what it finds.
    static func overdueCondition(_ deadlines: ReceiptDeadlines, now: Date) -> (String, [SQLValue]) {
        var cases = ""
        var values: [SQLValue] = []
        for (type, seconds) in deadlines.byType.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            cases += " WHEN ? THEN ?"
            values += [.text(type.rawValue), .integer(Self.millis(now.addingTimeInterval(-seconds)))]
        }
        values.append(.integer(Self.millis(now.addingTimeInterval(-deadlines.fallback))))
        let threshold = cases.isEmpty ? "?" : "CASE d.type\(cases) ELSE ? END"
        let shortest = min(deadlines.fallback, deadlines.byType.values.min() ?? deadlines.fallback)
        let condition = """
            \(OutboxSchema.waitingDocumentsInJoin) AND d.updated_at < ? AND m.state IN \(SQLLiteral.states([.sent, .acknowledged])) AND d.updated_at < \(threshold) AND m.updated_at < \(threshold)
            """
        return (condition, [.integer(Self.millis(now.addingTimeInterval(-shortest)))] + values + values)
    }
}
