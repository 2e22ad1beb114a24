public import CEBMessages
public import Foundation

/// What operators and the worker's housekeeping do to messages: retry, cancel, prune, recover, fail blocked.
extension SQLOutbox {
    // MARK: operator actions

    /// Moves messages by the lifecycle's rules, with an audit row for each.
    func transition(ids: [Int64], event: MessageEvent, reason: String, now: Date, extra: String = "") throws(OutboxError) -> Int {
        let stamp = Self.millis(now)
        var moved = 0
        for id in ids {
            guard
                let current = try connection.query("SELECT state FROM messages WHERE id = ?" + forUpdate, [.integer(id)]).first?.first?
                    .string.flatMap(MessageState.init(rawValue:))
            else {
                throw OutboxError(.notFound, "no message \(id)")
            }
            guard let next = MessageLifecycle.next(current, on: event) else {
                throw OutboxError(.invalidState, "message \(id) is \(current.rawValue); \(reason) is not possible from there")
            }
            try connection.run(
                "UPDATE messages SET state = ?, updated_at = ? \(extra) WHERE id = ?",
                [.text(next.rawValue), .integer(stamp), .integer(id)])
            try connection.run(
                "INSERT INTO audit(at, entity, entity_id, from_state, to_state, reason) VALUES (?, 'message', ?, ?, ?, ?)",
                [.integer(stamp), .integer(id), .text(current.rawValue), .text(next.rawValue), .text(reason)]
            )
            moved += 1
        }
        return moved
    }

    /// `reason` goes into the audit trail: who asked, from where.
    public func retry(messageIDs: [Int64], reason: String = "operator retry", now: Date) throws(OutboxError) -> Int {
        try locked { () throws(OutboxError) -> Int in
            try connection.transaction { () throws(OutboxError) -> Int in
                try transition(
                    ids: messageIDs, event: .operatorRetry, reason: reason, now: now,
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

    public func cancel(messageIDs: [Int64], reason: String = "operator cancel", now: Date) throws(OutboxError) -> Int {
        try locked { () throws(OutboxError) -> Int in
            try connection.transaction { () throws(OutboxError) -> Int in
                try transition(ids: messageIDs, event: .operatorCancel, reason: reason, now: now)
            }
        }
    }

    public func prune(before cutoff: Date) throws(OutboxError) -> Int {
        let limit = Self.millis(cutoff)
        return try locked { () throws(OutboxError) -> Int in
            try connection.transaction { () throws(OutboxError) -> Int in
                let final = "state IN \(SQLLiteral.states(MessageState.allCases.filter(\.isFinal))) AND updated_at < ?"
                try connection.run(
                    "DELETE FROM attempt_bodies WHERE attempt_id IN (SELECT id FROM attempts WHERE message_id IN (SELECT id FROM messages WHERE \(final)))",
                    [.integer(limit)])
                try connection.run("DELETE FROM attempts WHERE message_id IN (SELECT id FROM messages WHERE \(final))", [.integer(limit)])
                try connection.run(
                    "UPDATE receipts SET document_id = NULL WHERE document_id IN (SELECT id FROM documents WHERE message_id IN (SELECT id FROM messages WHERE \(final)))",
                    [.integer(limit)])
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
                let ids = try connection.query(
                    "SELECT id FROM messages WHERE state = ? AND lease_until < ? ORDER BY id" + forUpdate,
                    [.text(MessageState.sending.rawValue), .integer(stamp)]
                ).compactMap { $0.first?.int }
                for id in ids {
                    try connection.run(
                        "INSERT INTO attempts(message_id, started_at, finished_at, outcome, error) VALUES (?, ?, ?, ?, 'the worker stopped before the outcome was recorded')",
                        [.integer(id), .integer(stamp), .integer(stamp), .text(AttemptOutcome.leaseExpired.rawValue)]
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
                // From the queued inventories outward (SQLite takes `CROSS JOIN` as the order to
                // join in): started from the orders, payments and waybills, it read every one the
                // outbox ever held, every few seconds.
                let rows = try connection.query(
                    """
                    SELECT m.id, o.type, o.business_key, o.customs_status, om.state
                    FROM messages m CROSS JOIN documents inv CROSS JOIN documents o CROSS JOIN messages om
                    WHERE inv.message_id = m.id AND o.order_no = inv.order_no AND o.type IN \(SQLLiteral.types([.ceb311, .ceb411, .ceb511]))
                    AND om.id = o.message_id
                    AND m.type = \(SQLLiteral.type(.ceb621)) AND m.state IN \(SQLLiteral.states(MessageState.allCases.filter(\.isDispatchable)))
                    AND (o.customs_status = \(SQLLiteral.code(CustomsStatus.rejected)) OR om.state IN \(SQLLiteral.states([.dead, .cancelled]))
                         OR ((o.customs_status LIKE '-%' OR o.customs_status = \(SQLLiteral.code(CustomsStatus.sendFailed))) AND o.updated_at < ?))
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
                    case (CustomsStatus.rejected?, _): why = "was rejected by customs (\(CustomsStatus.rejected))"
                    case (_, let state?) where state == MessageState.dead.rawValue || state == MessageState.cancelled.rawValue:
                        why = "is \(state) and was never accepted"
                    case (let status?, _): why = "has had error \(status) for more than \(Int(grace / 60)) minutes"
                    default: why = "cannot be accepted"
                    }
                    let reason =
                        "\(what) \(why): customs would refuse the inventory; fix the \(row[1].string ?? "document"), then swgate retry this one"
                    moved += try transition(ids: [id], event: .exhausted, reason: reason, now: now)
                    try connection.run("UPDATE messages SET last_error = ? WHERE id = ?", [.text(reason), .integer(id)])
                }
                return moved
            }
        }
    }
}
