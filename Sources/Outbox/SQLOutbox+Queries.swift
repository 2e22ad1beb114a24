import CEBMessages
public import Foundation

/// What the outbox holds: purchases, status counters, documents and their details.
extension SQLOutbox {
    // MARK: reading

    public func purchases(buyers: Set<String>, year: Int) throws(OutboxError) -> [String: Int64] {
        try locked { () throws(OutboxError) -> [String: Int64] in
            var totals: [String: Int64] = [:]
            let rows = try connection.queryChunked(buyers.map { .text($0) }, leading: [.integer(Int64(year))]) {
                """
                SELECT p.buyer, SUM(p.fen) FROM purchases p JOIN documents d ON d.id = p.document_id JOIN messages m ON m.id = d.message_id
                WHERE p.year = ? AND p.buyer IN (\($0)) AND COALESCE(d.customs_status, '') <> \(SQLLiteral.code(CustomsStatus.rejected)) AND m.state <> \(SQLLiteral.state(.cancelled))
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
                if let value = try connection.query("SELECT MIN(created_at) FROM messages WHERE state = ?", [.text(state.rawValue)]).first?
                    .first?.int
                {
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

    /// The documents `filter` selects, newest first, at most `filter.limit`; with
    /// `filter.beforeID`, only older ones than that document (the next page of a walk).
    public func documents(_ filter: DocumentFilter) throws(OutboxError) -> [DocumentSummary] {
        var (whereClause, values) = Self.conditions(filter)
        values.append(.integer(Int64(max(1, filter.limit))))
        return try locked { () throws(OutboxError) -> [DocumentSummary] in
            try connection.query(
                "SELECT \(Self.summaryColumns) FROM documents d JOIN messages m ON m.id = d.message_id \(whereClause) ORDER BY d.id DESC LIMIT ?",
                values
            ).compactMap(Self.summary)
        }
    }

    /// How many documents `filter` selects without its limit (for "showing 100 of 8,000").
    public func documentCount(_ filter: DocumentFilter) throws(OutboxError) -> Int {
        var unpaged = filter
        unpaged.beforeID = nil
        let (whereClause, values) = Self.conditions(unpaged)
        return try locked { () throws(OutboxError) -> Int in
            let rows = try connection.query(
                "SELECT COUNT(*) FROM documents d JOIN messages m ON m.id = d.message_id \(whereClause)", values)
            return Int(rows.first?.first?.int ?? 0)
        }
    }

    /// Walks every document `filter` selects, newest first, a page at a time, up to
    /// `filter.limit` documents in all — in constant memory whatever the outbox holds: the
    /// embedded engine's page cache is held to 2 MiB for the walk (its 64 MiB are for the writes
    /// of a batch; a read touches each page once).
    public func forEachDocument(
        _ filter: DocumentFilter, pageSize: Int = 1_000, _ body: (DocumentSummary) throws -> Void
    ) throws {
        if let sqlite = connection as? SQLiteConnection {
            try locked { () throws(OutboxError) in try sqlite.execute("PRAGMA cache_size = -\(Self.walkPageCacheKiB)") }
        }
        defer {
            if let sqlite = connection as? SQLiteConnection {
                try? locked { () throws(OutboxError) in try sqlite.execute("PRAGMA cache_size = -\(Self.pageCacheKiB)") }
            }
        }
        var page = filter
        var remaining = filter.limit
        while remaining > 0 {
            page.limit = min(pageSize, remaining)
            let documents = try documents(page)
            for document in documents { try body(document) }
            remaining -= documents.count
            guard documents.count == page.limit, let last = documents.last else { return }
            page.beforeID = last.id
        }
    }

    /// The embedded engine's page cache while a walk reads the outbox once through, KiB.
    static let walkPageCacheKiB = 2_048

    private static func conditions(_ filter: DocumentFilter) -> (String, [SQLValue]) {
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
        if let until = filter.until {
            conditions.append("d.updated_at < ?")
            values.append(.integer(Self.millis(until)))
        }
        if let status = filter.customsStatus {
            conditions.append(status == "none" ? "d.customs_status IS NULL" : "d.customs_status = ?")
            if status != "none" { values.append(.text(status)) }
        }
        if let order = filter.orderNo {
            conditions.append("d.order_no = ?")
            values.append(.text(order))
        }
        if let before = filter.beforeID {
            conditions.append("d.id < ?")
            values.append(.integer(before))
        }
        return (conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "), values)
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
                let payload = row[16].data ?? Data()
                let attempts = try connection.query(
                    """
                    SELECT a.started_at, a.finished_at, a.endpoint, a.transmission_id, a.http_status, a.outcome, a.error,
                        COALESCE(b.body, p.body), a.app_time, a.sent_sha256
                    FROM attempts a LEFT JOIN attempt_bodies b ON b.attempt_id = a.id LEFT JOIN payloads p ON p.sha256 = a.sent_sha256
                    WHERE a.message_id = ? ORDER BY a.id
                    """,
                    [.integer(summary.messageID)]
                ).map { attempt in
                    AttemptRecord(
                        startedAt: Self.date(attempt[0].int), finishedAt: attempt[1].int.map { Self.date($0) }, endpoint: attempt[2].string,
                        transmissionID: attempt[3].string, httpStatus: attempt[4].int.map { Int($0) }, outcome: attempt[5].string ?? "",
                        error: attempt[6].string,
                        sent: SentBytes.sent(kept: attempt[7].data, payload: payload, appTime: attempt[8].string, sha256: attempt[9].string)
                    )
                }
                let audit = try connection.query(
                    """
                    SELECT at, entity, from_state, to_state, reason FROM audit
                    WHERE (entity = 'message' AND entity_id = ?) OR (entity = 'document' AND entity_id = ?) ORDER BY id
                    """,
                    [.integer(summary.messageID), .integer(summary.id)]
                ).map { entry in
                    AuditEntry(
                        at: Self.date(entry[0].int), entity: entry[1].string ?? "", from: entry[2].string, to: entry[3].string ?? "",
                        reason: entry[4].string)
                }
                details.append(DocumentDetail(summary: summary, payload: payload, attempts: attempts, audit: audit))
            }
            return details
        }
    }
}
