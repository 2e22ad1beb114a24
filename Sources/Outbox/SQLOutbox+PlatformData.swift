public import Foundation

/// Announcement 179: customs' requests for an order's payment raw data, recorded before they are
/// answered, and their uploads, claimed with a lease like messages (several workers may upload).
extension SQLOutbox {
    static let platformRequestColumns = """
        id, session_id, order_no, asked_at, received_at, source, state, attempts, next_attempt_at, guid, upload, last_code,
        last_error, done_at
        """

    /// A request as customs sent it, to be recorded.
    public struct PlatformRequestArrival: Sendable, Hashable {
        public var sessionID: String
        public var orderNo: String
        public var askedAt: Date
        public var source: String

        public init(sessionID: String, orderNo: String, askedAt: Date, source: String) {
            self.sessionID = sessionID
            self.orderNo = orderNo
            self.askedAt = askedAt
            self.source = source
        }
    }

    /// Records customs' request durably; returns its id and whether it is new. A request whose
    /// `sessionID` is already recorded (customs asking again) is the same request: not a second job.
    public func recordPlatformRequest(sessionID: String, orderNo: String, askedAt: Date, source: String, now: Date) throws(OutboxError)
        -> (id: Int64, isNew: Bool)
    {
        let arrival = PlatformRequestArrival(sessionID: sessionID, orderNo: orderNo, askedAt: askedAt, source: source)
        guard let recorded = try recordPlatformRequests([arrival], now: now).first else {
            throw OutboxError(.storage, "the request \(sessionID) was not recorded")
        }
        return recorded
    }

    /// Records several requests in one transaction (one commit for all that arrived together):
    /// each one's id and whether it is new, in order.
    public func recordPlatformRequests(_ arrivals: [PlatformRequestArrival], now: Date) throws(OutboxError) -> [(id: Int64, isNew: Bool)] {
        let stamp = Self.millis(now)
        return try locked { () throws(OutboxError) -> [(id: Int64, isNew: Bool)] in
            try connection.transaction { () throws(OutboxError) -> [(id: Int64, isNew: Bool)] in
                var result: [(id: Int64, isNew: Bool)] = []
                for arrival in arrivals {
                    let before = try connection.query("SELECT id FROM platform_requests WHERE session_id = ?", [.text(arrival.sessionID)])
                    if let id = before.first?.first?.int {
                        result.append((id, false))
                        continue
                    }
                    let id = try connection.insertReturningID(
                        """
                        INSERT INTO platform_requests(session_id, order_no, asked_at, received_at, source, state, next_attempt_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)
                        """,
                        [
                            .text(arrival.sessionID), .text(arrival.orderNo), .integer(Self.millis(arrival.askedAt)), .integer(stamp),
                            .text(arrival.source), .integer(stamp), .integer(stamp),
                        ])
                    result.append((id, true))
                }
                return result
            }
        }
    }

    /// Claims up to `limit` due uploads for `worker`, holding them for `lease` seconds; each claim
    /// counts an attempt. A claim whose lease ran out (a worker killed mid-upload) is due again.
    public func claimPlatformUploads(limit: Int, worker: String, lease: TimeInterval, now: Date) throws(OutboxError) -> [PlatformRequest] {
        let stamp = Self.millis(now)
        let until = Self.millis(now.addingTimeInterval(lease))
        let skipLocked = connection.dialect == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        let due = "state = 'pending' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until < ?)"
        return try locked { () throws(OutboxError) -> [PlatformRequest] in
            try connection.transaction { () throws(OutboxError) -> [PlatformRequest] in
                let rows = try connection.query(
                    """
                    UPDATE platform_requests SET lease_owner = ?, lease_until = ?, attempts = attempts + 1, updated_at = ?
                    WHERE \(due) AND id IN (
                        SELECT id FROM (SELECT id FROM platform_requests WHERE \(due) ORDER BY next_attempt_at, id LIMIT ?\(skipLocked)) AS d)
                    RETURNING \(Self.platformRequestColumns)
                    """,
                    [
                        .text(worker), .integer(until), .integer(stamp), .integer(stamp), .integer(stamp), .integer(stamp), .integer(stamp),
                        .integer(Int64(limit)),
                    ])
                return rows.compactMap(Self.platformRequest).sorted { $0.id < $1.id }
            }
        }
    }

    /// Records how an upload attempt ended and releases the claim, with an audit row when the
    /// state changes. Nothing happens when `worker` no longer holds the claim (its lease ran out
    /// and another worker took the request over).
    @discardableResult
    public func finishPlatformUpload(id: Int64, worker: String, _ record: PlatformUploadRecord, now: Date) throws(OutboxError) -> Bool {
        let stamp = Self.millis(now)
        return try locked { () throws(OutboxError) -> Bool in
            try connection.transaction { () throws(OutboxError) -> Bool in
                let changed = try connection.run(
                    """
                    UPDATE platform_requests SET state = ?, next_attempt_at = ?, guid = COALESCE(?, guid), upload = COALESCE(?, upload),
                        last_code = ?, last_error = ?, done_at = ?, lease_owner = NULL, lease_until = NULL, updated_at = ?
                    WHERE id = ? AND lease_owner = ? AND state = 'pending'
                    """,
                    [
                        .text(record.state.rawValue), .integer(Self.millis(record.nextAttemptAt)), record.guid.map { .text($0) } ?? .null,
                        record.upload.map { .text($0) } ?? .null, record.code.map { .text($0) } ?? .null,
                        record.error.map { .text($0) } ?? .null, record.state == .pending ? .null : .integer(stamp), .integer(stamp),
                        .integer(id), .text(worker),
                    ])
                if changed > 0, record.state != .pending {
                    try connection.run(
                        "INSERT INTO audit(at, entity, entity_id, from_state, to_state, reason) VALUES (?, 'platform-request', ?, 'pending', ?, ?)",
                        [
                            .integer(stamp), .integer(id), .text(record.state.rawValue),
                            .text(record.error ?? "customs answered \(record.code ?? "")"),
                        ])
                }
                return changed > 0
            }
        }
    }

    /// The stored facts an upload for `orderNo` is built from, or nil when the outbox holds no
    /// order with that number.
    public func platformUploadSource(orderNo: String) throws(OutboxError) -> PlatformUploadSource? {
        try locked { () throws(OutboxError) -> PlatformUploadSource? in
            let order = try connection.query(
                """
                SELECT d.business_key, f.payment_key, f.facts FROM documents d LEFT JOIN platform_facts f ON f.document_id = d.id
                WHERE d.order_no = ? AND d.type = 'CEB311Message' ORDER BY d.id DESC LIMIT 1
                """, [.text(orderNo)])
            guard let row = order.first, let businessKey = row[0].string else { return nil }
            let paymentKey = row[1].string ?? ""
            var orders = [PlatformUploadSource.Order(orderNo: orderNo, businessKey: businessKey, facts: row[2].string)]
            guard !paymentKey.isEmpty else { return PlatformUploadSource(paymentKey: "", payment: nil, orders: orders) }
            let payment = try connection.query(
                """
                SELECT f.facts FROM documents d JOIN platform_facts f ON f.document_id = d.id
                WHERE d.type = 'CEB411Message' AND d.business_key = ?
                """, [.text(paymentKey)])
            let others = try connection.query(
                """
                SELECT d.order_no, d.business_key, f.facts FROM platform_facts f JOIN documents d ON d.id = f.document_id
                WHERE f.payment_key = ? AND d.type = 'CEB311Message' AND d.order_no <> ? ORDER BY d.order_no
                """, [.text(paymentKey), .text(orderNo)])
            for other in others {
                guard let number = other[0].string, let key = other[1].string else { continue }
                orders.append(PlatformUploadSource.Order(orderNo: number, businessKey: key, facts: other[2].string))
            }
            return PlatformUploadSource(paymentKey: paymentKey, payment: payment.first?.first?.string, orders: orders)
        }
    }

    /// Requests, newest first: all, or those in `state`, or about `orderNo`.
    public func platformRequests(state: PlatformRequest.State? = nil, orderNo: String? = nil, limit: Int = 100) throws(OutboxError)
        -> [PlatformRequest]
    {
        var filters: [String] = []
        var values: [SQLValue] = []
        if let state {
            filters.append("state = ?")
            values.append(.text(state.rawValue))
        }
        if let orderNo {
            filters.append("order_no = ?")
            values.append(.text(orderNo))
        }
        let clause = filters.isEmpty ? "" : "WHERE " + filters.joined(separator: " AND ")
        return try locked { () throws(OutboxError) -> [PlatformRequest] in
            try connection.query(
                "SELECT \(Self.platformRequestColumns) FROM platform_requests \(clause) ORDER BY id DESC LIMIT ?",
                values + [.integer(Int64(limit))]
            ).compactMap(Self.platformRequest)
        }
    }

    /// One request, by id or by customs' sessionID.
    public func platformRequest(_ reference: String) throws(OutboxError) -> PlatformRequest? {
        try locked { () throws(OutboxError) -> PlatformRequest? in
            var rows = try connection.query(
                "SELECT \(Self.platformRequestColumns) FROM platform_requests WHERE session_id = ?", [.text(reference)])
            if rows.isEmpty, let id = Int64(reference) {
                rows = try connection.query("SELECT \(Self.platformRequestColumns) FROM platform_requests WHERE id = ?", [.integer(id)])
            }
            return rows.first.flatMap(Self.platformRequest)
        }
    }

    /// Puts dead and unknown-order requests back in the queue (attempts from zero), each with an
    /// audit row naming who asked. Returns how many moved; others are left as they are.
    public func retryPlatformRequests(ids: [Int64], reason: String, now: Date) throws(OutboxError) -> Int {
        let stamp = Self.millis(now)
        return try locked { () throws(OutboxError) -> Int in
            try connection.transaction { () throws(OutboxError) -> Int in
                var moved = 0
                for id in ids {
                    let rows = try connection.query("SELECT state FROM platform_requests WHERE id = ?" + forUpdate, [.integer(id)])
                    guard let state = rows.first?.first?.string else { throw OutboxError(.notFound, "no platform-data request \(id)") }
                    guard state == PlatformRequest.State.dead.rawValue || state == PlatformRequest.State.unknownOrder.rawValue else {
                        throw OutboxError(.invalidState, "request \(id) is \(state); only dead and unknown-order requests are retried")
                    }
                    try connection.run(
                        """
                        UPDATE platform_requests SET state = 'pending', attempts = 0, next_attempt_at = ?, lease_owner = NULL,
                            lease_until = NULL, done_at = NULL, updated_at = ? WHERE id = ?
                        """, [.integer(stamp), .integer(stamp), .integer(id)])
                    try connection.run(
                        "INSERT INTO audit(at, entity, entity_id, from_state, to_state, reason) VALUES (?, 'platform-request', ?, ?, 'pending', ?)",
                        [.integer(stamp), .integer(id), .text(state), .text(reason)])
                    moved += 1
                }
                return moved
            }
        }
    }

    /// Requests by state; the oldest pending one's age; how many are pending past `uploadWithin`.
    public func platformRequestCounts(now: Date, uploadWithin: TimeInterval) throws(OutboxError) -> PlatformRequestCounts {
        try locked { () throws(OutboxError) -> PlatformRequestCounts in
            var counts = PlatformRequestCounts()
            for row in try connection.query("SELECT state, COUNT(*) FROM platform_requests GROUP BY state") {
                if let state = row[0].string.flatMap(PlatformRequest.State.init(rawValue:)) { counts.byState[state] = Int(row[1].int ?? 0) }
            }
            let oldest = try connection.query("SELECT MIN(received_at) FROM platform_requests WHERE state = 'pending'")
            if let received = oldest.first?.first?.int { counts.oldestPendingAge = max(0, now.timeIntervalSince(Self.date(received))) }
            let overdue = try connection.query(
                "SELECT COUNT(*) FROM platform_requests WHERE state = 'pending' AND received_at < ?",
                [.integer(Self.millis(now.addingTimeInterval(-uploadWithin)))])
            counts.overdue = Int(overdue.first?.first?.int ?? 0)
            return counts
        }
    }

    static func platformRequest(_ row: [SQLValue]) -> PlatformRequest? {
        guard row.count >= 14, let id = row[0].int, let session = row[1].string, let order = row[2].string,
            let state = row[6].string.flatMap(PlatformRequest.State.init(rawValue:))
        else { return nil }
        return PlatformRequest(
            id: id, sessionID: session, orderNo: order, askedAt: date(row[3].int), receivedAt: date(row[4].int),
            source: row[5].string ?? "",
            state: state, attempts: Int(row[7].int ?? 0), nextAttemptAt: date(row[8].int), guid: row[9].string, upload: row[10].string,
            lastCode: row[11].string, lastError: row[12].string, doneAt: row[13].int.map { date($0) })
    }
}
