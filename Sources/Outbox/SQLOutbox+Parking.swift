import CEBMessages

/// Parked inventories: queued inventories whose order, payment or waybill keeps them back.
///
/// Customs refuses an inventory before it has accepted the parcel's other three documents, so
/// an inventory waits in the queue until they reach the gate's rank — with a real customs, for
/// minutes or hours, and for a day's batch, tens of thousands of them. Tested on every claim,
/// they made each claim as slow as the waiting queue was long, with the outbox held meanwhile.
/// A claim walks only unparked messages; once it comes up short it parks what it passed over,
/// marked with the rank it waits for. The receipt transaction that brings the last of its order's
/// documents to that rank wakes it; triggers wake it when an order number changes, a document of
/// its order is deleted, or its message changes state. So a waiting inventory is tested a few
/// times, not on every claim. The gate's own test stays in the claim, so a parked flag can delay an inventory but
/// never send one early.
extension SQLOutbox {
    /// The documents that keep the inventory carried by message `alias` back: its order's order,
    /// payment or waybill below the gate's `rank`, refused, or failed.
    ///
    /// The rank is written into the text, not bound: SQLite matches a bound `customs_rank < ?`
    /// against the partial indexes' conditions on that column, and a statement so matched is
    /// prepared again each time the parameter is bound — every claim would plan its statement anew.
    static func blockingDocuments(of alias: String, rank: Int) -> String {
        """
        SELECT 1 FROM documents inv JOIN documents o ON o.order_no = inv.order_no
        WHERE inv.message_id = \(alias).id AND o.type IN \(SQLLiteral.types([.ceb311, .ceb411, .ceb511]))
        AND (o.customs_rank < \(rank) OR o.customs_status LIKE '-%' OR o.customs_status IN (\(SQLLiteral.code(CustomsStatus.rejected)), \(SQLLiteral.code(CustomsStatus.sendFailed))))
        """
    }

    /// Parks every queued, unparked inventory that the gate keeps back, in a transaction of its
    /// own. Returns how many.
    ///
    /// Serialised with receipt intake (PostgreSQL): an answer that lets an inventory go is either
    /// committed before this statement starts, and seen by it, or applied after it commits, and
    /// its transaction then finds the inventory parked and wakes it (``wakeInventories(ofOrders:)``).
    @discardableResult
    public func parkBlockedInventories(gate: DispatchGate) throws(OutboxError) -> Int {
        try locked { () throws(OutboxError) -> Int in
            try connection.transaction { () throws(OutboxError) -> Int in
                try serialize(Self.receiptLock)
                return try parkBlocked(gate: gate)
            }
        }
    }

    /// Parks, in the caller's transaction, with the rank each inventory waits for (plus one, so
    /// that a gate of rank 0 still parks the ones a refusal or an error keeps back).
    @discardableResult
    func parkBlocked(gate: DispatchGate) throws(OutboxError) -> Int {
        try connection.run(
            """
            UPDATE messages AS m SET parked = ?
            WHERE m.state = \(SQLLiteral.state(.queued)) AND m.parked = 0 AND m.type = \(SQLLiteral.type(.ceb621))
            AND EXISTS (\(Self.blockingDocuments(of: "m", rank: gate.acceptanceRank)))
            """,
            [.integer(Int64(gate.acceptanceRank) + 1)]
        )
    }

    /// Wakes the parked inventories of `orders` whose order, payment and waybill have all reached
    /// the rank each waits for; a receipt transaction calls this for the orders it moved, after
    /// writing their documents. Nothing parked (the usual case while customs answers quickly):
    /// one look at the parked index.
    func wakeInventories(ofOrders orders: Set<String>) throws(OutboxError) {
        guard !orders.isEmpty, try !connection.query("SELECT 1 FROM messages WHERE parked > 0 LIMIT 1").isEmpty else { return }
        _ = try connection.queryChunked(orders.sorted().map { .text($0) }) {
            """
            UPDATE messages SET parked = 0
            WHERE parked > 0 AND id IN (SELECT message_id FROM documents WHERE type = \(SQLLiteral.type(.ceb621)) AND order_no IN (\($0)))
            AND NOT EXISTS (
                SELECT 1 FROM documents inv JOIN documents o ON o.order_no = inv.order_no
                WHERE inv.message_id = messages.id AND o.type IN \(SQLLiteral.types([.ceb311, .ceb411, .ceb511]))
                AND (o.customs_rank < messages.parked - 1 OR o.customs_status LIKE '-%'
                    OR o.customs_status IN (\(SQLLiteral.code(CustomsStatus.rejected)), \(SQLLiteral.code(CustomsStatus.sendFailed)))))
            """
        }
    }

    /// Wakes every parked inventory: each is tested again by the next claim. A worker does this
    /// as it starts, since the gate's rank may have changed since they were parked.
    @discardableResult
    public func wakeParkedInventories() throws(OutboxError) -> Int {
        try locked { () throws(OutboxError) -> Int in
            try connection.run("UPDATE messages SET parked = 0 WHERE parked > 0")
        }
    }
}
