import CEBMessages
public import Foundation

extension SQLOutbox {
    // MARK: claims

    /// Claims up to `limit` due messages for `worker`, holding them for `lease` seconds. An
    /// inventory is only due once its order, payment and waybill have reached the gate's rank.
    public func claim(limit: Int, worker: String, lease: TimeInterval, gate: DispatchGate, now: Date) throws(OutboxError) -> [ClaimedMessage] {
        let stamp = Self.millis(now)
        let until = Self.millis(now.addingTimeInterval(lease))
        return try locked { () throws(OutboxError) -> [ClaimedMessage] in
            try connection.transaction { () throws(OutboxError) -> [ClaimedMessage] in
                // Retries that are due, oldest due first, then queued messages in the order they
                // were submitted — each walked along its index and cut at `limit`, never collected
                // and sorted whole (which made every claim as slow as the queue was long).
                let blocking = """
                    SELECT 1 FROM documents inv JOIN documents o ON o.order_no = inv.order_no
                    WHERE inv.message_id = m.id AND o.type IN ('CEB311Message', 'CEB411Message', 'CEB511Message')
                    AND (o.customs_rank < ? OR o.customs_status LIKE '-%' OR o.customs_status IN ('100', '4'))
                    """
                // PostgreSQL turns `NOT EXISTS` under an OR into one hashed join of every document,
                // run whole on each claim (7 ms at 2,000 documents, growing with the outbox); a
                // scalar subquery stays per row, and the index walk stops at the limit (0.2 ms).
                let ready = switch connection.dialect {
                case .sqlite: "(m.type <> 'CEB621Message' OR NOT EXISTS (\(blocking)))"
                case .postgres: "(m.type <> 'CEB621Message' OR (\(blocking) LIMIT 1) IS NULL)"
                }
                // PostgreSQL: rows another worker is claiming right now are skipped, not waited
                // for, and a row claimed meanwhile no longer matches when its lock is taken.
                let skipLocked = connection.dialect == .postgres ? " FOR UPDATE OF m SKIP LOCKED" : ""
                let rows = try connection.query(
                    """
                    UPDATE messages SET state = 'sending', attempts = attempts + 1, lease_owner = ?, lease_until = ?, updated_at = ?
                    WHERE state IN ('queued', 'retry-wait') AND id IN (
                        SELECT id FROM (
                            SELECT m.id FROM messages m WHERE m.state = 'retry-wait' AND m.next_attempt_at <= ? AND \(ready)
                            ORDER BY m.next_attempt_at LIMIT ?\(skipLocked)) AS due
                        UNION ALL
                        SELECT id FROM (
                            SELECT m.id FROM messages m WHERE m.state = 'queued' AND (m.next_attempt_at IS NULL OR m.next_attempt_at <= ?) AND \(ready)
                            ORDER BY m.created_at, m.id LIMIT ?\(skipLocked)) AS fresh
                        LIMIT ?)
                    RETURNING id, guid, type, payload_sha256, attempts, created_at, last_app_time
                    """,
                    [
                        .text(worker), .integer(until), .integer(stamp),
                        .integer(stamp), .integer(Int64(gate.acceptanceRank)), .integer(Int64(limit)),
                        .integer(stamp), .integer(Int64(gate.acceptanceRank)), .integer(Int64(limit)),
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
                    audit.append([.integer(stamp), .text("message"), .integer(id), .null, .text("sending"), reason])
                    claimed.append(ClaimedMessage(
                        id: id, guid: row[1].string ?? "", type: type, payload: body, attempts: Int(row[4].int ?? 1),
                        createdAt: Self.date(row[5].int), lastAppTime: row[6].string, worker: worker
                    ))
                }
                try connection.insertRows("INSERT", into: "audit", columns: ["at", "entity", "entity_id", "from_state", "to_state", "reason"], rows: audit)
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
    public func finish(_ message: ClaimedMessage, attempt: AttemptReport, event: MessageEvent, nextAttemptAt: Date?, now: Date) throws(OutboxError) -> Bool {
        try finish([Completion(message: message, attempt: attempt, event: event, nextAttemptAt: nextAttemptAt)], now: now)[0]
    }

    /// Records a round of attempts in one transaction (group commit: one fsync for the round).
    public func finish(_ completions: [Completion], now: Date) throws(OutboxError) -> [Bool] {
        guard !completions.isEmpty else { return [] }
        let stamp = Self.millis(now)
        return try locked { () throws(OutboxError) -> [Bool] in
            try connection.transaction { () throws(OutboxError) -> [Bool] in
                // What only accumulates — sent payloads, attempts, audit — goes in multi-row
                // statements; the states of the round's messages are read (and locked) in one query.
                var sentPayloads: [String: Data] = [:]
                var attempts: [[SQLValue]] = []
                for completion in completions where completion.event != .released {
                    let attempt = completion.attempt
                    if let body = attempt.sentBody, let hash = attempt.sentSHA256 { sentPayloads[hash] = body }
                    attempts.append([
                        .integer(completion.message.id), .integer(Self.millis(attempt.startedAt)), .integer(Self.millis(attempt.finishedAt)),
                        attempt.endpoint.map { .text($0) } ?? .null, attempt.transmissionID.map { .text($0) } ?? .null,
                        attempt.httpStatus.map { .integer(Int64($0)) } ?? .null, .text(attempt.outcome), attempt.error.map { .text($0) } ?? .null,
                        attempt.sentSHA256.map { .text($0) } ?? .null, .text(completion.message.worker),
                    ])
                }
                try connection.insertRows(
                    "INSERT OR IGNORE", into: "payloads", columns: ["sha256", "body"],
                    rows: sentPayloads.sorted { $0.key < $1.key }.map { [.text($0.key), .blob($0.value)] }
                )
                try connection.insertRows(
                    "INSERT", into: "attempts",
                    columns: ["message_id", "started_at", "finished_at", "endpoint", "transmission_id", "http_status", "outcome", "error", "sent_sha256", "worker"],
                    rows: attempts
                )
                let held = try heldMessages(completions.map(\.message))
                var audit: [[SQLValue]] = []
                var results: [Bool] = []
                for completion in completions {
                    let message = completion.message
                    let attempt = completion.attempt
                    if completion.event == .released {
                        // Given back unsent (see Dispatcher): not an attempt; the claim's count is undone.
                        let moved = try connection.run(
                            """
                            UPDATE messages SET state = 'queued', attempts = attempts - 1, lease_owner = NULL, lease_until = NULL, updated_at = ?
                            WHERE id = ? AND state = 'sending' AND lease_owner = ?
                            """,
                            [.integer(stamp), .integer(message.id), .text(message.worker)]
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
                        [.text(next.rawValue), completion.nextAttemptAt.map { .integer(Self.millis($0)) } ?? .null, attempt.error.map { .text($0) } ?? .null,
                         attempt.appTime.map { .text($0) } ?? .null, .integer(stamp), .integer(message.id)]
                    )
                    audit.append([
                        .integer(stamp), .text("message"), .integer(message.id), .text("sending"), .text(next.rawValue),
                        .text(attempt.outcome + (attempt.error.map { ": \($0)" } ?? "")),
                    ])
                    results.append(true)
                }
                try connection.insertRows("INSERT", into: "audit", columns: ["at", "entity", "entity_id", "from_state", "to_state", "reason"], rows: audit)
                return results
            }
        }
    }

    /// Bodies of the payloads with these hashes, in one query per 500.
    private func payloads(_ hashes: Set<String>) throws(OutboxError) -> [String: Data] {
        var bodies: [String: Data] = [:]
        for row in try connection.queryChunked(hashes.sorted().map { .text($0) }, { "SELECT sha256, body FROM payloads WHERE sha256 IN (\($0))" }) {
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
            "SELECT id, lease_owner FROM messages WHERE id IN (\($0)) AND state = 'sending' ORDER BY id" + forUpdate
        }
        for row in rows {
            if let id = row[0].int, let owner = row[1].string, owners[id] == owner { held.insert(id) }
        }
        return held
    }

    /// When the next message falls due (nil when none waits), for a worker deciding how long to sleep.
    public func nextDue() throws(OutboxError) -> Date? {
        try locked { () throws(OutboxError) -> Date? in
            try connection.query("SELECT MIN(COALESCE(next_attempt_at, 0)) FROM messages WHERE state IN ('queued', 'retry-wait')").first?.first?.int.map { Self.date($0) }
        }
    }

    /// Documents not yet settled: their message is not dead or cancelled and their customs status
    /// is not final. `swgate run --until-settled` waits for this to reach zero.
    public func unsettledDocuments() throws(OutboxError) -> Int {
        try locked { () throws(OutboxError) -> Int in
            let rows = try connection.query(
                """
                SELECT d.type, d.customs_status, COUNT(*) FROM documents d JOIN messages m ON m.id = d.message_id
                WHERE m.state NOT IN ('dead', 'cancelled') GROUP BY d.type, d.customs_status
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

    // MARK: receipts

    /// Records a receipt answer and applies it to its document: at most once (by content hash),
    /// never moving a status backwards, recording preNo/invtNo, and moving the carrying message.
    public func apply(_ receipt: IncomingReceipt, acceptanceRank: Int, now: Date) throws(OutboxError) -> (ReceiptApplication, FinalStatusEvent?) {
        try apply([receipt], acceptanceRank: acceptanceRank, now: now)[0]
    }

    /// Applies many answers in one transaction (group commit): the same rules as ``apply(_:acceptanceRank:now:)``,
    /// one fsync for the lot.
    ///
    /// What only accumulates — archived raw receipts, receipt rows, audit entries, notifications —
    /// is written at the end in multi-row statements; a receipt already stored (or seen earlier
    /// in the same batch) is a duplicate before anything is read for it.
    public func apply(_ receipts: [IncomingReceipt], acceptanceRank: Int, now: Date) throws(OutboxError) -> [(ReceiptApplication, FinalStatusEvent?)] {
        // On a shared outbox, workers wait for every document and message row a receipt
        // transaction holds, so whole poll batches (500) are too long; but each transaction is a
        // commit, and one intake serves every worker. 64 a transaction: a worker records its
        // outcomes while its next sends are on the wire, so a short wait costs it nothing, and
        // fewer commits kept the intake ahead of four workers (16 left it busy 75–83 % of a run).
        let chunk = connection.dialect == .postgres ? 64 : receipts.count
        guard receipts.count > chunk else { return try applyTogether(receipts, acceptanceRank: acceptanceRank, now: now) }
        var results: [(ReceiptApplication, FinalStatusEvent?)] = []
        var start = 0
        while start < receipts.count {
            let end = min(start + chunk, receipts.count)
            results += try applyTogether(Array(receipts[start..<end]), acceptanceRank: acceptanceRank, now: now)
            start = end
        }
        return results
    }

    /// Applies `receipts` in one transaction.
    private func applyTogether(_ receipts: [IncomingReceipt], acceptanceRank: Int, now: Date) throws(OutboxError) -> [(ReceiptApplication, FinalStatusEvent?)] {
        try locked { () throws(OutboxError) -> [(ReceiptApplication, FinalStatusEvent?)] in
            try connection.transaction { () throws(OutboxError) -> [(ReceiptApplication, FinalStatusEvent?)] in
                // Receivers and workers on several hosts: one applies a receipt, the rest see it stored.
                try serialize(Self.receiptLock)
                let seen = try storedReceiptHashes(Set(receipts.map(\.contentHash)))
                let rows = PendingRows()
                let targets = ReceiptTargets()
                try pauseCounting(targets)
                let stamp = Self.millis(now)
                // Before any answer is applied, its document is found — most answers name its guid
                // (one query per 500), the rest are found by their own business key (orders,
                // payments, waybills: one query a type) — and read and locked with the rest in one more.
                // Answers by index throughout: a filtered copy, or `for receipt in receipts`, copies
                // every answer and retains each of its strings (3 % of applying it). Each hash is
                // looked at once, here; the loop below asks `firstTime`.
                var fresh = Set<String>(minimumCapacity: receipts.count)
                var firstTime = [Bool](repeating: false, count: receipts.count)
                var guids = Set<String>(minimumCapacity: receipts.count)
                for index in receipts.indices where !seen.contains(receipts[index].contentHash) && fresh.insert(receipts[index].contentHash).inserted {
                    firstTime[index] = true
                    if let guid = receipts[index].guid { guids.insert(guid) }
                }
                let byGuid = try documentsByGuid(guids)
                var keys = Set<String>()
                for index in receipts.indices where firstTime[index] && receipts[index].guid.flatMap({ byGuid[$0] }) == nil {
                    for key in receipts[index].lookupKeys { keys.insert(key) }
                }
                let byKey = try documentsByOwnKey(keys)
                try targets.load(Set(byGuid.values).union(byKey.found.values), from: connection, lockClause: forUpdate)
                func applyFirst(_ receipt: IncomingReceipt) throws(OutboxError) -> (ReceiptApplication, FinalStatusEvent?) {
                    // The document first, so the receipt row is written once, already linked.
                    var documentID = receipt.guid.flatMap { byGuid[$0] }
                    if documentID == nil { documentID = try findDocument(guid: nil, keys: receipt.lookupKeys, known: byKey) }
                    // Customs answers only what it was sent: an answer for a document never handed
                    // to a transport is forged or foreign, and is kept unapplied, never linked.
                    var premature: Int64?
                    if let found = documentID, try targets.document(found, from: connection, lockClause: forUpdate)?.transmitted == false {
                        premature = found
                        documentID = nil
                    }
                    rows.receipts.append([
                        .text(receipt.contentHash), .integer(stamp), .text(receipt.source), .text(receipt.receiptType.rawValue), .text(receipt.rawSHA256),
                        .text(receipt.status), .text(receipt.info), .text(receipt.fieldsJSON),
                        .text(receipt.storedKeys),
                        documentID.map { .integer($0) } ?? .null, .integer(documentID == nil ? 0 : 1),
                    ])
                    if let premature { return (.notYetSent(documentID: premature), nil) }
                    guard let documentID else { return (.unmatched, nil) }
                    let event = try applyToDocument(
                        receiptID: nil, documentID: documentID, receipt: receipt, acceptanceRank: acceptanceRank, now: now, rows: rows, targets: targets
                    )
                    return (.applied(documentID: documentID, changed: event.changed), event.final)
                }
                var results: [(ReceiptApplication, FinalStatusEvent?)] = []
                results.reserveCapacity(receipts.count)
                for index in receipts.indices {
                    if let raw = receipts[index].raw { rows.raw.append([.text(receipts[index].rawSHA256), .integer(stamp), .blob(raw)]) }
                    results.append(firstTime[index] ? try applyFirst(receipts[index]) : (.duplicate, nil))
                }
                try targets.writeChanges(to: connection)
                try resumeCounting(targets)
                try rows.write(to: connection)
                return results
            }
        }
    }

    /// SQLite: holds the per-row counter triggers back for the rest of this transaction; the
    /// transaction counts its changes in `targets` and writes them in ``resumeCounting(_:)``.
    /// (PostgreSQL's triggers append one delta row per statement already.)
    private func pauseCounting(_ targets: ReceiptTargets) throws(OutboxError) {
        guard connection.dialect == .sqlite else { return }
        try connection.run("INSERT INTO counting_paused(one) VALUES (1)")
        targets.counterDeltas = [:]
    }

    /// Writes what ``pauseCounting(_:)`` held back, and lets the triggers count again, before commit.
    private func resumeCounting(_ targets: ReceiptTargets) throws(OutboxError) {
        guard let deltas = targets.counterDeltas else { return }
        for (counter, delta) in deltas.sorted(by: { ($0.key.kind, $0.key.key) < ($1.key.kind, $1.key.key) }) where delta != 0 {
            try connection.run(
                "INSERT INTO counters(kind, key, n) VALUES (?, ?, ?) ON CONFLICT(kind, key) DO UPDATE SET n = n + excluded.n",
                [.text(counter.kind), .text(counter.key), .integer(Int64(delta))]
            )
        }
        try connection.run("DELETE FROM counting_paused")
        targets.counterDeltas = nil
    }

    /// Which of `hashes` are stored receipts already.
    private func storedReceiptHashes(_ hashes: Set<String>) throws(OutboxError) -> Set<String> {
        Set(try connection.queryChunked(hashes.map { .text($0) }, { "SELECT content_sha256 FROM receipts WHERE content_sha256 IN (\($0))" }).compactMap { $0.first?.string })
    }

    /// The document each of `guids` names (the first, should several share one), in one query per 500.
    private func documentsByGuid(_ guids: Set<String>) throws(OutboxError) -> [String: Int64] {
        var found: [String: Int64] = [:]
        // In no particular order: SQLite sorts an IN list itself (sorting 2,000 strings here was 1 % of applying receipts).
        let wanted: [SQLValue] = guids.filter { !$0.isEmpty }.map { .text($0) }
        for row in try connection.queryChunked(wanted, { "SELECT guid, MIN(id) FROM documents WHERE guid IN (\($0)) GROUP BY guid" }) {
            if let guid = row[0].string, let id = row[1].int { found[guid] = id }
        }
        return found
    }

    /// Documents by their own business key, for the lookup keys of `keys` that are one
    /// (`CEB311|ebpCode:orderNo`…): which keys were looked up, and what each found.
    private func documentsByOwnKey(_ keys: Set<String>) throws(OutboxError) -> KnownKeys {
        var known = KnownKeys()
        var byType: [String: [String: String]] = [:]
        for key in keys {
            guard let own = Self.ownBusinessKey(key) else { continue }
            byType[own.type, default: [:]][own.businessKey] = key
            known.looked.insert(key)
        }
        for (type, wanted) in byType {
            let rows = try connection.queryChunked(wanted.keys.map { .text($0) }, leading: [.text(type)]) {
                "SELECT business_key, id FROM documents WHERE type = ? AND business_key IN (\($0))"
            }
            for row in rows {
                if let businessKey = row[0].string, let id = row[1].int, let key = wanted[businessKey] { known.found[key] = id }
            }
        }
        return known
    }

    /// Lookup keys already resolved for a transaction (``documentsByOwnKey(_:)``).
    struct KnownKeys {
        var looked: Set<String> = []
        var found: [String: Int64] = [:]
    }

    func findDocument(guid: String?, keys: [String], known: KnownKeys = KnownKeys()) throws(OutboxError) -> Int64? {
        if let guid, !guid.isEmpty, let id = try connection.query("SELECT MIN(id) FROM documents WHERE guid = ?", [.text(guid)]).first?.first?.int {
            return id
        }
        for key in keys {
            if key.hasPrefix("transmission|") {
                let transmission = String(key.dropFirst("transmission|".count))
                if let id = try connection.query(
                    "SELECT d.id FROM attempts a JOIN documents d ON d.message_id = a.message_id WHERE a.transmission_id = ? LIMIT 1", [.text(transmission)]
                ).first?.first?.int {
                    return id
                }
                continue
            }
            if known.looked.contains(key) {
                if let id = known.found[key] { return id }
            } else if let own = Self.ownBusinessKey(key),
                let id = try connection.query("SELECT id FROM documents WHERE type = ? AND business_key = ?", [.text(own.type), .text(own.businessKey)]).first?.first?.int
            {
                return id
            }
            if let id = try connection.query("SELECT document_id FROM document_keys WHERE key = ? LIMIT 1", [.text(key)]).first?.first?.int {
                return id
            }
        }
        return nil
    }

    /// Orders, payments and waybills are found by their business key, which the documents table
    /// already holds under a unique index: their lookup key (`CEB311|ebpCode:orderNo`…) needs no
    /// row of its own in `document_keys` (outboxes written before have one; both are looked at).
    static func ownBusinessKey(_ key: String) -> (type: String, businessKey: String)? {
        guard key.utf8.count > 7, key.hasPrefix("CEB") else { return nil }
        let prefix = key.prefix(7)
        let type: CEBMessageType
        switch prefix {
        case "CEB311|": type = .ceb311
        case "CEB411|": type = .ceb411
        case "CEB511|": type = .ceb511
        case "CEB513|": type = .ceb513
        default: return nil
        }
        return (type.rawValue, String(key.dropFirst(7)))
    }

    /// Applies a stored receipt to its document; `receiptID` names a receipt row written unlinked
    /// earlier (a waiting one), which is linked now.
    private func applyToDocument(
        receiptID: Int64?, documentID: Int64, receipt: IncomingReceipt, acceptanceRank: Int, now: Date, rows: PendingRows, targets: ReceiptTargets
    ) throws(OutboxError) -> (changed: Bool, final: FinalStatusEvent?) {
        let stamp = Self.millis(now)
        if let receiptID {
            try connection.run("UPDATE receipts SET document_id = ?, applied = 1 WHERE id = ?", [.integer(documentID), .integer(receiptID)])
        }
        guard let document = try targets.document(documentID, from: connection, lockClause: forUpdate) else { return (false, nil) }
        let type = document.type
        let messageID = document.messageID
        // Tax bills belong to the inventory but do not change its customs status.
        if receipt.receiptType == .ceb816 || receipt.receiptType == .ceb818 { return (false, nil) }
        if receipt.preNo != nil || receipt.invtNo != nil {
            try connection.run(
                "UPDATE documents SET pre_no = COALESCE(NULLIF(?, ''), pre_no), invt_no = COALESCE(NULLIF(?, ''), invt_no) WHERE id = ?",
                [receipt.preNo.map { .text($0) } ?? .null, receipt.invtNo.map { .text($0) } ?? .null, .integer(documentID)]
            )
            for key in ReceiptKeys.assignedKeys(type: type, preNo: receipt.preNo, invtNo: receipt.invtNo) {
                try connection.run("INSERT OR IGNORE INTO document_keys(key, document_id) VALUES (?, ?)", [.text(key), .integer(documentID)])
            }
        }
        let current = document.customsStatus
        let effect = ReceiptEffect.decide(
            documentType: type, currentStatus: current, messageState: targets.messageStates[messageID], receiptType: receipt.receiptType,
            receiptStatus: receipt.status, acceptanceRank: acceptanceRank
        )
        guard effect.changesStatus else { return (false, nil) }
        targets.setCustomsStatus(receipt.status, rank: CustomsStatus.rank(receipt.status), info: receipt.info, of: documentID, at: stamp)
        rows.audit.append([
            .integer(stamp), .text("document"), .integer(documentID), current.map { .text($0) } ?? .null, .text(receipt.status),
            .text("\(receipt.receiptType.rawValue) from \(receipt.source)"),
        ])
        if let next = effect.messageState, let state = targets.messageStates[messageID] {
            targets.setMessageState(next, of: messageID, at: stamp)
            rows.audit.append([.integer(stamp), .text("message"), .integer(messageID), .text(state.rawValue), .text(next.rawValue), .text("receipt \(receipt.status)")])
        }
        let final = effect.notify
            ? FinalStatusEvent(documentID: documentID, type: type, businessKey: document.businessKey, orderNo: document.orderNo, status: receipt.status, info: receipt.info)
            : nil
        if let final { rows.notifications.append(Self.notificationRow(final, at: stamp, timeJSON: rows.notificationTime(stamp))) }
        return (true, final)
    }

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
            // Only an answer that arrived after its document was first sent can be customs' answer to it.
            guard let firstSent = try firstClaim(ofDocument: documentID), firstSent <= (row[9].int ?? Int64.min) else { continue }
            let fields = row[8].string ?? "{}"
            let receipt = IncomingReceipt(
                contentHash: row[5].string ?? "", receiptType: type, status: row[3].string ?? "", info: row[4].string ?? "", guid: guid,
                lookupKeys: keys, preNo: Self.field("preNo", in: fields), invtNo: Self.field("invtNo", in: fields), source: row[6].string ?? "",
                rawSHA256: row[7].string ?? "", fieldsJSON: fields
            )
            _ = try applyToDocument(receiptID: id, documentID: documentID, receipt: receipt, acceptanceRank: CustomsStatus.rank("2"), now: now, rows: rows, targets: targets)
        }
        try targets.writeChanges(to: connection)
        try rows.write(to: connection)
    }

    /// When the message carrying `documentID` was first claimed for sending (the audit trail's
    /// first move to `sending`), or nil when it never was.
    func firstClaim(ofDocument documentID: Int64) throws(OutboxError) -> Int64? {
        try connection.query(
            """
            SELECT MIN(a.at) FROM audit a JOIN documents d ON a.entity_id = d.message_id
            WHERE d.id = ? AND a.entity = 'message' AND a.to_state = 'sending'
            """,
            [.integer(documentID)]
        ).first?.first?.int
    }

    /// Reads a string field from the receipts' stored JSON.
    static func field(_ name: String, in json: String) -> String? {
        guard let data = json.data(using: .utf8), let object = try? JSONSerialization.jsonObject(with: data) as? [String: String] else { return nil }
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
                "SELECT message_type, return_status, lookup_keys, received_at FROM receipts WHERE document_id IS NULL ORDER BY id LIMIT ?", [.integer(Int64(limit))]
            )
            var found: [UnmatchedReceipt] = []
            for row in rows {
                let keys = (row[2].string ?? "").split(separator: "\n").map(String.init)
                let guid = keys.first { $0.hasPrefix("guid|") }.map { String($0.dropFirst(5)) }
                let document = try findDocument(guid: guid, keys: keys.filter { !$0.hasPrefix("guid|") })
                found.append(UnmatchedReceipt(
                    type: row[0].string ?? "", status: row[1].string ?? "", keys: keys.joined(separator: " "), receivedAt: Self.date(row[3].int),
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
                let stale = try connection.query(
                    "SELECT COUNT(*) FROM receipts WHERE document_id IS NULL AND received_at < ?", [.integer(Self.millis(cutoff))]
                ).first?.first?.int ?? 0
                if stale > 0 {
                    try connection.run("DELETE FROM receipts WHERE document_id IS NULL AND received_at < ?", [.integer(Self.millis(cutoff))])
                }
                return Int(stale)
            }
        }
    }
}

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
        let waiting = OutboxSchema.waitingDocuments.replacingOccurrences(of: "customs_rank", with: "d.customs_rank").replacingOccurrences(of: "type =", with: "d.type =")
        let condition = """
            \(waiting) AND d.updated_at < ? AND m.state IN ('sent', 'acknowledged') AND d.updated_at < \(threshold) AND m.updated_at < \(threshold)
            """
        return (condition, [.integer(Self.millis(now.addingTimeInterval(-shortest)))] + values + values)
    }
}

extension SQLOutbox {
    /// Whether several hosts may share this outbox (PostgreSQL): their per-endpoint limits must
    /// then be kept in the database, not in each worker's memory.
    public var isShared: Bool { connection.dialect == .postgres }

    /// Reserves the next send slot to `endpoint` for a rate limit of one send per `interval`
    /// seconds across every worker of a shared outbox: returns when this send may start (now,
    /// or later when others took the slots before it). Nil on the embedded outbox, whose one
    /// worker paces itself.
    public func reserveSendSlot(endpoint: String, interval: TimeInterval, now: Date) throws(OutboxError) -> Date? {
        guard isShared else { return nil }
        let micros = Int64((now.timeIntervalSince1970 * 1_000_000).rounded())
        let step = max(1, Int64((interval * 1_000_000).rounded()))
        return try locked { () throws(OutboxError) -> Date? in
            let rows = try connection.query(
                """
                INSERT INTO send_slots(endpoint, next_at) VALUES (?, ?)
                ON CONFLICT (endpoint) DO UPDATE SET next_at = GREATEST(send_slots.next_at, ?) + ?
                RETURNING next_at
                """,
                [.text(endpoint), .integer(micros + step), .integer(micros), .integer(step)]
            )
            guard let next = rows.first?.first?.int else { return nil }
            return Date(timeIntervalSince1970: Double(next - step) / 1_000_000)
        }
    }
}
