public import CEBMessages
public import Foundation

/// The tax ledger: CEB816 bills and CEB818 statuses by inventory, and the tax orders withheld.
extension SQLOutbox {
    /// The ledger rows of the inventories `invtNos` as stored, by inventory number (inside the
    /// receipt transaction; locked on PostgreSQL). A transaction's tax answers are merged into
    /// these in memory (``TaxLedgerRow/merge(_:_:)``) and written together by
    /// ``writeTaxLedger(_:now:)``: a statement per page of answers, not two per answer.
    func taxLedgerRows(_ invtNos: Set<String>) throws(OutboxError) -> [String: TaxLedgerRow] {
        guard !invtNos.isEmpty else { return [:] }
        let rows = try connection.queryChunked(invtNos.sorted().map { .text($0) }) {
            Self.billColumns + " FROM tax_bills b WHERE b.invt_no IN (\($0)) ORDER BY b.invt_no" + forUpdate
        }
        var ledger: [String: TaxLedgerRow] = [:]
        for row in rows.map(Self.ledgerRow) { ledger[row.invtNo] = row }
        return ledger
    }

    /// Writes ledger rows as merged, in inventory-number order: inserted, or replacing the row
    /// of the same inventory.
    func writeTaxLedger(_ rows: [TaxLedgerRow], now: Date) throws(OutboxError) {
        guard !rows.isEmpty else { return }
        let stamp = Self.millis(now)
        let values = rows.sorted { $0.invtNo < $1.invtNo }.map { row -> [SQLValue] in
            [
                .text(row.invtNo), .text(row.taxNo), .text(row.month), row.billTime.map { .text($0) } ?? .null,
                row.amounts.map { .text(CEBDecimal.exactString($0.customsTax)) } ?? .null,
                row.amounts.map { .text(CEBDecimal.exactString($0.valueAddedTax)) } ?? .null,
                row.amounts.map { .text(CEBDecimal.exactString($0.consumptionTax)) } ?? .null, .text(TaxLineText.encode(row.lines)),
                .integer(Int64(row.status.rawValue)), .text(row.statusTime), row.entDutyNo.map { .text($0) } ?? .null,
                row.assureCode.map { .text($0) } ?? .null, .integer(stamp),
            ]
        }
        let replaced = Self.ledgerColumns.dropFirst().map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        try connection.insertRows(
            "INSERT", into: "tax_bills", columns: Self.ledgerColumns, rows: values, then: "ON CONFLICT (invt_no) DO UPDATE SET " + replaced)
    }

    /// The ledger's columns as ``writeTaxLedger(_:now:)`` writes them, the key first.
    static let ledgerColumns = [
        "invt_no", "tax_no", "month", "bill_time", "customs_tax", "value_added_tax", "consumption_tax", "lines", "status", "status_time",
        "ent_duty_no", "assure_code", "updated_at",
    ]

    static let billColumns = """
        SELECT b.invt_no, b.tax_no, b.bill_time, b.customs_tax, b.value_added_tax, b.consumption_tax, b.lines, b.status, b.status_time,
            b.ent_duty_no, b.assure_code
        """

    static func ledgerRow(_ row: [SQLValue]) -> TaxLedgerRow {
        let amounts: TaxAmounts? =
            if let duty = row[3].string.flatMap(CEBDecimal.value), let vat = row[4].string.flatMap(CEBDecimal.value),
                let consumption = row[5].string.flatMap(CEBDecimal.value)
            {
                TaxAmounts(customsTax: duty, valueAddedTax: vat, consumptionTax: consumption)
            } else {
                nil
            }
        return TaxLedgerRow(
            invtNo: row[0].string ?? "", taxNo: row[1].string ?? "", billTime: row[2].string, amounts: amounts,
            lines: TaxLineText.decode(row[6].string ?? ""), status: TaxBillStatus(rawValue: Int(row[7].int ?? 1)) ?? .generated,
            statusTime: row[8].string ?? "", entDutyNo: row[9].string, assureCode: row[10].string)
    }

    /// A page of the ledger in inventory-number order, after `after`, with each inventory's order,
    /// status and withheld tax: a report walks the whole ledger a page at a time, in flat memory.
    /// `lines: false` leaves each bill's lines out (a report without a tariff has no use for them).
    public func taxReportPage(month: String?, after: String, limit: Int, lines: Bool = true) throws(OutboxError) -> [TaxReportInput] {
        try reportInputs(
            lines: lines,
            "\(month == nil ? "" : "b.month = ? AND ")b.invt_no > ? ORDER BY b.invt_no LIMIT ?",
            (month.map { [SQLValue.text($0)] } ?? []) + [.text(after), .integer(Int64(limit))])
    }

    /// The ledger row of one inventory, with its inventory's order and withheld tax.
    public func taxBill(invtNo: String) throws(OutboxError) -> TaxReportInput? {
        try reportInputs(lines: true, "b.invt_no = ?", [.text(invtNo)]).first
    }

    private func reportInputs(lines: Bool, _ condition: String, _ values: [SQLValue]) throws(OutboxError) -> [TaxReportInput] {
        try locked { () throws(OutboxError) -> [TaxReportInput] in
            let columns = lines ? Self.billColumns : Self.billColumns.replacingOccurrences(of: "b.lines", with: "''")
            let rows = try connection.query(
                columns + """
                    , inv.order_no, inv.customs_status,
                        (SELECT w.amount FROM withholdings w WHERE w.order_no = inv.order_no ORDER BY w.document_id DESC LIMIT 1)
                    FROM tax_bills b LEFT JOIN documents inv ON inv.invt_no = b.invt_no AND inv.type = \(SQLLiteral.type(.ceb621))
                    WHERE \(condition)
                    """, values)
            return rows.map { row in
                TaxReportInput(
                    bill: Self.ledgerRow(row), orderNo: row[11].string, inventoryStatus: row[12].string,
                    withheld: row[13].string.flatMap(CEBDecimal.value))
            }
        }
    }

    /// Inventory numbers whose cancellation (CEB623) or return (CEB625) customs accepted.
    public func afterSaleInventories() throws(OutboxError) -> [String: CEBMessageType] {
        try locked { () throws(OutboxError) -> [String: CEBMessageType] in
            var found: [String: CEBMessageType] = [:]
            let rows = try connection.query(
                "SELECT type, business_key, customs_status FROM documents WHERE type IN \(SQLLiteral.types([.ceb623, .ceb625]))")
            for row in rows {
                guard let type = row[0].string.flatMap(CEBMessageType.init(rawValue:)), let key = row[1].string,
                    let status = row[2].string, CustomsStatus.rank(status) >= CustomsStatus.rank(CustomsStatus.accepted),
                    !CustomsStatus.isError(status), let colon = key.lastIndex(of: ":")
                else { continue }
                found[String(key[key.index(after: colon)...])] = type
            }
            return found
        }
    }

    /// Released inventories (800) with no bill although released before `cutoff`.
    public func inventoriesMissingBills(releasedBefore cutoff: Date, limit: Int = 1000) throws(OutboxError) -> [(
        invtNo: String, orderNo: String
    )] {
        try locked { () throws(OutboxError) -> [(invtNo: String, orderNo: String)] in
            try connection.query(
                """
                SELECT inv.invt_no, inv.order_no FROM documents inv WHERE inv.type = \(SQLLiteral.type(.ceb621))
                AND inv.customs_status = \(SQLLiteral.code(CustomsStatus.released)) AND inv.invt_no IS NOT NULL AND inv.updated_at < ?
                AND NOT EXISTS (SELECT 1 FROM tax_bills b WHERE b.invt_no = inv.invt_no) ORDER BY inv.invt_no LIMIT ?
                """, [.integer(Self.millis(cutoff)), .integer(Int64(limit))]
            ).map { (invtNo: $0[0].string ?? "", orderNo: $0[1].string ?? "") }
        }
    }

    /// The ledger's counts for `status` and `/metrics`.
    public func taxLedgerCounts(missingAfter: TimeInterval, tolerance: Decimal, now: Date) throws(OutboxError) -> TaxLedgerCounts {
        var counts = TaxLedgerCounts()
        let afterSale = try afterSaleInventories()
        try locked { () throws(OutboxError) -> Void in
            for row in try connection.query("SELECT status, COUNT(*) FROM tax_bills GROUP BY status") {
                if let status = row[0].int.flatMap({ TaxBillStatus(rawValue: Int($0)) }) { counts.bills[status] = Int(row[1].int ?? 0) }
            }
            counts.unmatched = Int(
                try connection.query(
                    """
                    SELECT COUNT(*) FROM tax_bills b WHERE NOT EXISTS
                    (SELECT 1 FROM documents inv WHERE inv.invt_no = b.invt_no AND inv.type = \(SQLLiteral.type(.ceb621)))
                    """
                ).first?.first?.int ?? 0)
            counts.missing = Int(
                try connection.query(
                    """
                    SELECT COUNT(*) FROM documents inv WHERE inv.type = \(SQLLiteral.type(.ceb621))
                    AND inv.customs_status = \(SQLLiteral.code(CustomsStatus.released)) AND inv.invt_no IS NOT NULL AND inv.updated_at < ?
                    AND NOT EXISTS (SELECT 1 FROM tax_bills b WHERE b.invt_no = inv.invt_no)
                    """, [.integer(Self.millis(now.addingTimeInterval(-missingAfter)))]
                ).first?.first?.int ?? 0)
            let number = connection.dialect == .postgres ? "NUMERIC" : "REAL"
            counts.mismatched = Int(
                try connection.query(
                    """
                    SELECT COUNT(*) FROM tax_bills b JOIN documents inv ON inv.invt_no = b.invt_no AND inv.type = \(SQLLiteral.type(.ceb621))
                    JOIN withholdings w ON w.document_id =
                        (SELECT MAX(latest.document_id) FROM withholdings latest WHERE latest.order_no = inv.order_no)
                    WHERE b.bill_time IS NOT NULL AND b.status <> \(TaxBillStatus.void.rawValue) AND ABS(CAST(b.customs_tax AS \(number))
                        + CAST(b.value_added_tax AS \(number)) + CAST(b.consumption_tax AS \(number)) - CAST(w.amount AS \(number))) >= \(tolerance.description)
                    """
                ).first?.first?.int ?? 0)
        }
        if !afterSale.isEmpty {
            let voids = try locked { () throws(OutboxError) -> [String: Int64] in
                var found: [String: Int64] = [:]
                for row in try connection.queryChunked(
                    afterSale.keys.sorted().map { .text($0) }, { "SELECT invt_no, status FROM tax_bills WHERE invt_no IN (\($0))" })
                {
                    if let invt = row[0].string { found[invt] = row[1].int }
                }
                return found
            }
            counts.notVoided = voids.values.filter { $0 != Int64(TaxBillStatus.void.rawValue) }.count
        }
        return counts
    }
}
