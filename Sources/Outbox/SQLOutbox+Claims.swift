import CEBMessages
public import Foundation

/// Claiming due messages with a lease, and recording how their sends ended.
extension SQLOutbox {
    // MARK: claims

    /// Claims up to `limit` due messages for `worker`, holding them for `lease` seconds. An
    /// inventory is only due once its order, payment and waybill have reached the gate's rank.
    ///
    /// A claim that finds fewer than `limit` has walked the whole unparked queue; the inventories
    /// it passed over are then parked (``parkBlockedInventories(gate:)``), so that the next claims
    /// do not test them again until one of their documents changes.
    public func claim(limit: Int, worker: String, lease: TimeInterval, gate: DispatchGate, now: Date) throws(OutboxError)
        -> [ClaimedMessage]
    {
        // SQLite parks in the claim's own transaction (one commit); PostgreSQL in one of its own
        // after it, so that no claimed row is held while parking waits for the receipt intake.
        let claimed = try claimDue(limit: limit, worker: worker, lease: lease, gate: gate, now: now)
        if claimed.count < limit, connection.dialect == .postgres { try parkBlockedInventories(gate: gate) }
        return claimed
    }

    private func claimDue(limit: Int, worker: String, lease: TimeInterval, gate: DispatchGate, now: Date) throws(OutboxError)
        -> [ClaimedMessage]
    {
        let stamp = Self.millis(now)
        let until = Self.millis(now.addingTimeInterval(lease))
        guard let sending = MessageLifecycle.commonTarget(of: .claim, from: [.queued, .retryWait]) else {
            throw OutboxError(.invalidState, "the message lifecycle does not let queued and retry-wait messages be claimed")
        }
        return try locked { () throws(OutboxError) -> [ClaimedMessage] in
            try connection.transaction { () throws(OutboxError) -> [ClaimedMessage] in
                // Retries that are due, oldest due first, then queued messages in the order they
                // were submitted — each walked along its index and cut at `limit`, never collected
                // and sorted whole (which made every claim as slow as the queue was long).
                let blocking = Self.blockingDocuments(of: "m", rank: gate.acceptanceRank)
                // PostgreSQL turns `NOT EXISTS` under an OR into one hashed join of every document,
                // run whole on each claim and growing with the outbox; a scalar subquery stays per
                // row, and the index walk stops at the limit.
                let ready =
                    switch connection.dialect {
                    case .sqlite: "(m.type <> \(SQLLiteral.type(.ceb621)) OR NOT EXISTS (\(blocking)))"
                    case .postgres: "(m.type <> \(SQLLiteral.type(.ceb621)) OR (\(blocking) LIMIT 1) IS NULL)"
                    }
                // PostgreSQL: rows another worker is claiming right now are skipped, not waited
                // for, and a row claimed meanwhile no longer matches when its lock is taken.
                let skipLocked = connection.dialect == .postgres ? " FOR UPDATE OF m SKIP LOCKED" : ""
                // SQLite: the unary `+` keeps the state out of the index choice, so that the update
                // finds its rows by id; by state, it walked the whole queue on every claim.
                let state = connection.dialect == .sqlite ? "+state" : "state"
                let rows = try connection.query(
                    """
                    UPDATE messages SET state = ?, attempts = attempts + 1, lease_owner = ?, lease_until = ?, updated_at = ?
                    WHERE \(state) IN (?, ?) AND id IN (
                        SELECT id FROM (
                            SELECT m.id FROM messages m WHERE m.state = ? AND m.next_attempt_at <= ? AND \(ready)
                            ORDER BY m.next_attempt_at LIMIT ?\(skipLocked)) AS due
                        UNION ALL
                        SELECT id FROM (
                            SELECT m.id FROM messages m WHERE m.state = ? AND m.parked = 0 AND (m.next_attempt_at IS NULL OR m.next_attempt_at <= ?)
                            AND \(ready) ORDER BY m.created_at, m.id LIMIT ?\(skipLocked)) AS fresh
                        LIMIT ?)
                    RETURNING id, guid, type, payload_sha256, attempts, created_at, last_app_time
                    """,
                    [
                        .text(sending.rawValue), .text(worker), .integer(until), .integer(stamp),
                        .text(MessageState.queued.rawValue), .text(MessageState.retryWait.rawValue),
                        .text(MessageState.retryWait.rawValue), .integer(stamp), .integer(Int64(limit)),
                        .text(MessageState.queued.rawValue), .integer(stamp), .integer(Int64(limit)),
                        .integer(Int64(limit)),
                    ]
                )
                // The round's payloads in one query, its audit rows in one statement.
                let bodies = try payloads(Set(rows.compactMap { $0[3].string }))
                var claimed: [ClaimedMessage] = []
                var audit: [[SQLValue]] = []
                let reason = SQLValue.text("claimed by \(worker)")
                for row in rows {
                    guard let id = row[0].int, let type = row[2].string.flatMap(CEBMessageType.init(rawValue:)), let hash = row[3].string,
                        let body = bodies[hash]
                    else { continue }
                    audit.append([.integer(stamp), .text("message"), .integer(id), .null, .text(sending.rawValue), reason])
                    claimed.append(
                        ClaimedMessage(
                            id: id, guid: row[1].string ?? "", type: type, payload: body, attempts: Int(row[4].int ?? 1),
                            createdAt: Self.date(row[5].int), lastAppTime: row[6].string, worker: worker
                        ))
                }
                try connection.insertRows(
                    "INSERT", into: "audit", columns: ["at", "entity", "entity_id", "from_state", "to_state", "reason"], rows: audit)
                if rows.count < limit, connection.dialect == .sqlite { try parkBlocked(gate: gate) }
                return claimed.sorted { $0.id < $1.id }
            }
        }
    }

    /// One attempt's outcome, to record with ``finish(_:now:)``.
    public struct Completion: Sendable {
        public var message: ClaimedMessage
        public var attempt: AttemptReport
        public var event: MessageEvent
        public var nextAttemptAt: Date?

        public init(message: ClaimedMessage, attempt: AttemptReport, event: MessageEvent, nextAttemptAt: Date?) {
            self.message = message
            self.attempt = attempt
            self.event = event
            self.nextAttemptAt = nextAttemptAt
        }
    }

    /// Records an attempt and moves the message by `event`, if the worker still holds it. Returns
    /// false when the lease was lost (another worker took the message over): the attempt is
    /// recorded, the state is left alone.
    @discardableResult
    public func finish(_ message: ClaimedMessage, attempt: AttemptReport, event: MessageEvent, nextAttemptAt: Date?, now: Date)
        throws(OutboxError) -> Bool
    {
        try finish([Completion(message: message, attempt: attempt, event: event, nextAttemptAt: nextAttemptAt)], now: now)[0]
    }

    /// Records a round of attempts in one transaction (group commit: one fsync for the round).
    public func finish(_ completions: [Completion], now: Date) throws(OutboxError) -> [Bool] {
        guard !completions.isEmpty else { return [] }
        let stamp = Self.millis(now)
        let recorded = completions.filter { $0.event != .released }
        // The bytes to keep under each attempt, settled before the write lock is taken.
        let kept = recorded.map { completion in
            completion.attempt.sentBody.flatMap { body in
                SentBytes.rebuilds(body, from: completion.message.payload, appTime: completion.attempt.appTime) ? nil : body
            }
        }
        return try locked { () throws(OutboxError) -> [Bool] in
            try connection.transaction { () throws(OutboxError) -> [Bool] in
                // What only accumulates — attempts, the bytes they sent, audit — goes in multi-row
                // statements; the states of the round's messages are read (and locked) in one query.
                let ids = try newAttemptIDs(recorded.count)
                var attempts: [[SQLValue]] = []
                var bodies: [[SQLValue]] = []
                for ((id, completion), body) in zip(zip(ids, recorded), kept) {
                    let attempt = completion.attempt
                    if let body { bodies.append([.integer(id), .blob(body)]) }
                    attempts.append([
                        .integer(id), .integer(completion.message.id), .integer(Self.millis(attempt.startedAt)),
                        .integer(Self.millis(attempt.finishedAt)),
                        attempt.endpoint.map { .text($0) } ?? .null, attempt.transmissionID.map { .text($0) } ?? .null,
                        attempt.httpStatus.map { .integer(Int64($0)) } ?? .null, .text(attempt.outcome.rawValue),
                        attempt.error.map { .text($0) } ?? .null,
                        attempt.sentSHA256.map { .text($0) } ?? .null, .text(completion.message.worker),
                        attempt.appTime.map { .text($0) } ?? .null,
                    ])
                }
                try connection.insertRows(
                    "INSERT", into: "attempts",
                    columns: [
                        "id", "message_id", "started_at", "finished_at", "endpoint", "transmission_id", "http_status", "outcome", "error",
                        "sent_sha256", "worker", "app_time",
                    ],
                    rows: attempts
                )
                try connection.insertRows("INSERT", into: "attempt_bodies", columns: ["attempt_id", "body"], rows: bodies)
                let held = try heldMessages(completions.map(\.message))
                var audit: [[SQLValue]] = []
                var results: [Bool] = []
                for completion in completions {
                    let message = completion.message
                    let attempt = completion.attempt
                    if completion.event == .released, let back = MessageLifecycle.next(.sending, on: .released) {
                        // Given back unsent (see Dispatcher): not an attempt; the claim's count is undone.
                        let moved = try connection.run(
                            """
                            UPDATE messages SET state = ?, attempts = attempts - 1, lease_owner = NULL, lease_until = NULL, updated_at = ?
                            WHERE id = ? AND state = ? AND lease_owner = ?
                            """,
                            [
                                .text(back.rawValue), .integer(stamp), .integer(message.id), .text(MessageState.sending.rawValue),
                                .text(message.worker),
                            ]
                        )
                        results.append(moved > 0)
                        continue
                    }
                    // Lost to another worker (its lease ran out): the attempt is recorded, the state left alone.
                    guard held.contains(message.id), let next = MessageLifecycle.next(.sending, on: completion.event) else {
                        results.append(false)
                        continue
                    }
                    try connection.run(
                        """
                        UPDATE messages SET state = ?, next_attempt_at = ?, lease_owner = NULL, lease_until = NULL, last_error = ?,
                            last_app_time = COALESCE(?, last_app_time), updated_at = ? WHERE id = ?
                        """,
                        [
                            .text(next.rawValue), completion.nextAttemptAt.map { .integer(Self.millis($0)) } ?? .null,
                            attempt.error.map { .text($0) } ?? .null,
                            attempt.appTime.map { .text($0) } ?? .null, .integer(stamp), .integer(message.id),
                        ]
                    )
                    audit.append([
                        .integer(stamp), .text("message"), .integer(message.id), .text(MessageState.sending.rawValue), .text(next.rawValue),
                        .text(attempt.outcome.rawValue + (attempt.error.map { ": \($0)" } ?? "")),
                    ])
                    results.append(true)
                }
                try connection.insertRows(
                    "INSERT", into: "audit", columns: ["at", "entity", "entity_id", "from_state", "to_state", "reason"], rows: audit)
                return results
            }
        }
    }

    /// Ids for `count` new attempts, taken inside the write transaction so that the bytes each
    /// sent can be written under its id in the same multi-row statements: after the largest on
    /// the embedded outbox (one writer at a time), from the identity's sequence on PostgreSQL
    /// (workers record at once).
    private func newAttemptIDs(_ count: Int) throws(OutboxError) -> [Int64] {
        guard count > 0 else { return [] }
        switch connection.dialect {
        case .sqlite:
            let last = try connection.query("SELECT COALESCE(MAX(id), 0) FROM attempts").first?.first?.int ?? 0
            return (1...Int64(count)).map { last + $0 }
        case .postgres:
            let ids = try connection.query(
                "SELECT nextval(pg_get_serial_sequence('attempts', 'id')) FROM generate_series(1, ?)", [.integer(Int64(count))]
            ).compactMap { $0.first?.int }
            guard ids.count == count else { throw OutboxError(.storage, "PostgreSQL gave \(ids.count) attempt ids for \(count)") }
            return ids.sorted()
        }
    }

    /// Bodies of the payloads with these hashes, in one query per 500.
    private func payloads(_ hashes: Set<String>) throws(OutboxError) -> [String: Data] {
        var bodies: [String: Data] = [:]
        for row in try connection.queryChunked(
            hashes.sorted().map { .text($0) }, { "SELECT sha256, body FROM payloads WHERE sha256 IN (\($0))" })
        {
            if let hash = row[0].string, let body = row[1].data { bodies[hash] = body }
        }
        return bodies
    }

    /// Which of `messages` are still `sending` under the lease of the worker that claimed them,
    /// locked for the rest of the transaction.
    private func heldMessages(_ messages: [ClaimedMessage]) throws(OutboxError) -> Set<Int64> {
        var held = Set<Int64>()
        let owners = Dictionary(messages.map { ($0.id, $0.worker) }, uniquingKeysWith: { first, _ in first })
        let rows = try connection.queryChunked(messages.map { .integer($0.id) }) {
            "SELECT id, lease_owner FROM messages WHERE id IN (\($0)) AND state = \(SQLLiteral.state(.sending)) ORDER BY id" + forUpdate
        }
        for row in rows {
            if let id = row[0].int, let owner = row[1].string, owners[id] == owner { held.insert(id) }
        }
        return held
    }

    /// When the next message falls due (nil when none waits), for a worker deciding how long to sleep.
    public func nextDue() throws(OutboxError) -> Date? {
        try locked { () throws(OutboxError) -> Date? in
            try connection.query(
                "SELECT MIN(COALESCE(next_attempt_at, 0)) FROM messages WHERE state IN \(SQLLiteral.states(MessageState.allCases.filter(\.isDispatchable)))"
            ).first?.first?.int.map { Self.date($0) }
        }
    }

    /// Whether any document is not yet settled (see ``unsettledDocuments()``), asked a few times a
    /// second by `swgate run --until-settled`. While documents wait for customs, the first one
    /// through the waiting documents' index answers; counting every document (tens of
    /// milliseconds at 40,000, under the outbox's lock) is left for when none waits.
    public func hasUnsettledDocuments() throws(OutboxError) -> Bool {
        let waiting = try locked { () throws(OutboxError) -> Bool in
            try !connection.query(
                """
                SELECT 1 FROM \(overdueJoin) WHERE \(OutboxSchema.waitingDocumentsInJoin) AND m.state NOT IN \(SQLLiteral.states([.dead, .cancelled])) LIMIT 1
                """
            ).isEmpty
        }
        if waiting { return true }
        return try unsettledDocuments() > 0
    }

    /// Documents not yet settled: their message is not dead or cancelled and their customs status
    /// is not final. `swgate run --until-settled` waits for this to reach zero.
    public func unsettledDocuments() throws(OutboxError) -> Int {
        try locked { () throws(OutboxError) -> Int in
            let rows = try connection.query(
                """
                SELECT d.type, d.customs_status, COUNT(*) FROM documents d JOIN messages m ON m.id = d.message_id
                WHERE m.state NOT IN \(SQLLiteral.states([.dead, .cancelled])) GROUP BY d.type, d.customs_status
                """
            )
            var count = 0
            for row in rows {
                guard let type = row[0].string.flatMap(CEBMessageType.init(rawValue:)), let n = row[2].int else { continue }
                let status = row[1].string
                let receipt = type.receiptType ?? type
                if let status, CustomsStatus.isFinal(status, for: receipt) || (Int(status) ?? 0) < 0 { continue }
                count += Int(n)
            }
            return count
        }
    }
}
