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
    func applyTogether(_ receipts: [IncomingReceipt], acceptanceRank: Int, now: Date) throws(OutboxError) -> [(
        ReceiptApplication, FinalStatusEvent?
    )] {
        try locked { () throws(OutboxError) -> [(ReceiptApplication, FinalStatusEvent?)] in
            try connection.transaction { () throws(OutboxError) -> [(ReceiptApplication, FinalStatusEvent?)] in
                // Receivers and workers on several hosts: one applies a receipt, the rest see it stored.
                try serialize(Self.receiptLock)
                let seen = try storedReceiptHashes(receipts)
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
                // Tax answers go into the ledger rows of their inventories, read together here and
                // written together at the end; an answer goes in whether or not its inventory is known yet.
                var ledger = try taxLedgerRows(Set(receipts.indices.compactMap { firstTime[$0] ? receipts[$0].taxBill?.invtNo : nil }))
                var ledgerChanged = Set<String>()
                func applyFirst(_ receipt: IncomingReceipt) throws(OutboxError) -> (ReceiptApplication, FinalStatusEvent?) {
                    if let bill = receipt.taxBill {
                        ledger[bill.invtNo] = TaxLedgerRow.merge(ledger[bill.invtNo], bill)
                        ledgerChanged.insert(bill.invtNo)
                    }
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
                        documentID.map { .integer($0) } ?? .null, .integer(documentID == nil ? 0 : 1), .text(receipt.returnTime),
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
                try writeTaxLedger(ledgerChanged.compactMap { ledger[$0] }, now: now)
                try wakeInventories(ofOrders: try targets.writeChanges(to: connection))
                try resumeCounting(targets)
                try rows.write(to: connection)
                return results
            }
        }
    }

    /// SQLite: holds the per-row counter triggers back for the rest of this transaction; the
    /// transaction counts its changes in `targets` and writes them in ``resumeCounting(_:)``.
    /// (PostgreSQL's triggers append one delta row per statement already.)
    func pauseCounting(_ targets: ReceiptTargets) throws(OutboxError) {
        guard connection.dialect == .sqlite else { return }
        try connection.run("INSERT INTO counting_paused(one) VALUES (1)")
        targets.counterDeltas = [:]
    }

    /// Writes what ``pauseCounting(_:)`` held back, and lets the triggers count again, before commit.
    func resumeCounting(_ targets: ReceiptTargets) throws(OutboxError) {
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

    /// Applies a stored receipt to its document; `receiptID` names a receipt row written unlinked
    /// earlier (a waiting one), which is linked now.
    func applyToDocument(
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

}
