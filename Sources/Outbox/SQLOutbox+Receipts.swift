import CEBMessages
public import Foundation

/// Applying customs' answers: at most once, forward only, only to documents that were sent.
extension SQLOutbox {
    // MARK: receipts

    /// Records a receipt answer and applies it to its document: at most once (by content hash),
    /// never moving a status backwards, recording preNo/invtNo, and moving the carrying message.
    public func apply(_ receipt: IncomingReceipt, acceptanceRank: Int, now: Date) throws(OutboxError) -> (
        ReceiptApplication, FinalStatusEvent?
    ) {
        try apply([receipt], acceptanceRank: acceptanceRank, now: now)[0]
    }

    /// Applies many answers in one transaction (group commit): the same rules as ``apply(_:acceptanceRank:now:)``,
    /// one fsync for the lot.
    ///
    /// What only accumulates — archived raw receipts, receipt rows, audit entries, notifications —
    /// is written at the end in multi-row statements; a receipt already stored (or seen earlier
    /// in the same batch) is a duplicate before anything is read for it.
    public func apply(_ receipts: [IncomingReceipt], acceptanceRank: Int, now: Date) throws(OutboxError) -> [(
        ReceiptApplication, FinalStatusEvent?
    )] {
        // On a shared outbox, workers wait for every document and message row a receipt
        // transaction holds, so whole poll batches (500) are too long; but each transaction is a
        // commit, and one intake serves every worker. 64 a transaction: a worker records its
        // outcomes while its next sends are on the wire, so a short wait costs it nothing, and
        // fewer commits keep the one intake ahead of several workers.
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
    private func applyTogether(_ receipts: [IncomingReceipt], acceptanceRank: Int, now: Date) throws(OutboxError) -> [(
        ReceiptApplication, FinalStatusEvent?
    )] {
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
                // every answer and retains each of its strings. Each hash is
                // looked at once, here; the loop below asks `firstTime`.
                var fresh = Set<String>(minimumCapacity: receipts.count)
                var firstTime = [Bool](repeating: false, count: receipts.count)
                var guids = Set<String>(minimumCapacity: receipts.count)
                for index in receipts.indices
                where !seen.contains(receipts[index].contentHash) && fresh.insert(receipts[index].contentHash).inserted {
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
                        .text(receipt.contentHash), .integer(stamp), .text(receipt.source), .text(receipt.receiptType.rawValue),
                        .text(receipt.rawSHA256),
                        .text(receipt.status), .text(receipt.info), .text(receipt.fieldsJSON),
                        .text(receipt.storedKeys),
                        documentID.map { .integer($0) } ?? .null, .integer(documentID == nil ? 0 : 1),
                    ])
                    if let premature { return (.notYetSent(documentID: premature), nil) }
                    guard let documentID else { return (.unmatched, nil) }
                    let event = try applyToDocument(
                        receiptID: nil, documentID: documentID, receipt: receipt, acceptanceRank: acceptanceRank, now: now, rows: rows,
                        targets: targets
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
        Set(
            try connection.queryChunked(hashes.map { .text($0) }, { "SELECT content_sha256 FROM receipts WHERE content_sha256 IN (\($0))" })
                .compactMap { $0.first?.string })
    }

    /// The document each of `guids` names (the first, should several share one), in one query per 500.
    private func documentsByGuid(_ guids: Set<String>) throws(OutboxError) -> [String: Int64] {
        var found: [String: Int64] = [:]
        // In no particular order: SQLite sorts an IN list itself.
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
        if let guid, !guid.isEmpty,
            let id = try connection.query("SELECT MIN(id) FROM documents WHERE guid = ?", [.text(guid)]).first?.first?.int
        {
            return id
        }
        for key in keys {
            if key.hasPrefix("transmission|") {
                let transmission = String(key.dropFirst("transmission|".count))
                if let id = try connection.query(
                    "SELECT d.id FROM attempts a JOIN documents d ON d.message_id = a.message_id WHERE a.transmission_id = ? LIMIT 1",
                    [.text(transmission)]
                ).first?.first?.int {
                    return id
                }
                continue
            }
            if known.looked.contains(key) {
                if let id = known.found[key] { return id }
            } else if let own = Self.ownBusinessKey(key),
                let id = try connection.query(
                    "SELECT id FROM documents WHERE type = ? AND business_key = ?", [.text(own.type), .text(own.businessKey)]
                ).first?.first?.int
            {
                return id
            }
            if let id = try connection.query("SELECT document_id FROM document_keys WHERE key = ? LIMIT 1", [.text(key)]).first?.first?.int
            {
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
        receiptID: Int64?, documentID: Int64, receipt: IncomingReceipt, acceptanceRank: Int, now: Date, rows: PendingRows,
        targets: ReceiptTargets
    ) throws(OutboxError) -> (changed: Bool, final: FinalStatusEvent?) {
        let stamp = Self.millis(now)
        if let receiptID {
            try connection.run(
                "UPDATE receipts SET document_id = ?, applied = 1 WHERE id = ?", [.integer(documentID), .integer(receiptID)])
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
                try connection.run(
                    "INSERT OR IGNORE INTO document_keys(key, document_id) VALUES (?, ?)", [.text(key), .integer(documentID)])
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
            rows.audit.append([
                .integer(stamp), .text("message"), .integer(messageID), .text(state.rawValue), .text(next.rawValue),
                .text("receipt \(receipt.status)"),
            ])
        }
        let final =
            effect.notify
            ? FinalStatusEvent(
                documentID: documentID, type: type, businessKey: document.businessKey, orderNo: document.orderNo, status: receipt.status,
                info: receipt.info)
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
                lookupKeys: keys, preNo: Self.field("preNo", in: fields), invtNo: Self.field("invtNo", in: fields),
                source: row[6].string ?? "",
                rawSHA256: row[7].string ?? "", fieldsJSON: fields
            )
            _ = try applyToDocument(
                receiptID: id, documentID: documentID, receipt: receipt, acceptanceRank: CustomsStatus.rank("2"), now: now, rows: rows,
                targets: targets)
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
