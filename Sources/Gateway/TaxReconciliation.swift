public import CEBMessages
public import Foundation
public import Outbox

/// One inventory's tax reconciled: what the order withheld against what customs billed, and
/// each bill line against swgate's own estimate — decided as a value, without a database.
public struct TaxReconciliationRow: Sendable, Hashable {
    /// One bill line against the estimate from the profile's tariff.
    public struct Line: Sendable, Hashable {
        public var gnum: Int
        public var gcode: String
        public var taxPrice: Decimal
        public var billed: Decimal
        /// nil when the profile's tariff does not know the HS code.
        public var estimate: Decimal?
        public var mismatch: Bool
    }

    public var invtNo: String
    public var orderNo: String?
    public var taxNo: String
    public var month: String
    public var withheld: Decimal?
    /// Duty + VAT + consumption tax of the latest bill; nil while only a status has come; 0 when void.
    public var billed: Decimal?
    /// billed − withheld: positive is the platform's loss, negative is owed to the buyer.
    public var difference: Decimal?
    public var mismatch: Bool
    public var billStatus: TaxBillStatus
    public var entDutyNo: String?
    public var assureCode: String?
    public var lines: [Line]
    /// What needs a person: a bill for an inventory the outbox does not hold or customs never
    /// released, a cancelled or returned inventory whose bill is not void, lines off the estimate.
    public var alerts: [String]
}

/// Reconciles ledger rows (``TaxReportInput``) with the withheld tax and the tariff.
public struct TaxReconciliation: Sendable {
    /// A difference of at least this much is a mismatch (one fen by default).
    public var tolerance: Decimal
    /// HS code → rates, for the per-line estimate.
    public var tariff: [String: CrossBorderTax.Rates]

    public init(tolerance: Decimal = Decimal(string: "0.01") ?? 0, tariff: [String: CrossBorderTax.Rates] = [:]) {
        self.tolerance = tolerance
        self.tariff = tariff
    }

    /// The row of `input`; `afterSale` is the accepted cancellation (CEB623) or return (CEB625)
    /// of its inventory, if any.
    public func row(_ input: TaxReportInput, afterSale: CEBMessageType?) -> TaxReconciliationRow {
        let bill = input.bill
        let void = bill.status == .void
        let billed: Decimal? = void ? 0 : bill.amounts?.total
        let difference: Decimal? = billed.flatMap { billed in input.withheld.map { billed - $0 } }
        let mismatch = !void && difference.map { abs($0) >= tolerance } == true
        var alerts: [String] = []
        if input.orderNo == nil {
            alerts.append("no inventory \(bill.invtNo) in this outbox (unmatched)")
        } else if input.inventoryStatus != CustomsStatus.released && input.inventoryStatus != CustomsStatus.closed {
            alerts.append("billed, but customs has not released the inventory (status \(input.inventoryStatus ?? "none"))")
        }
        if let afterSale, !void {
            let what = afterSale == .ceb623 ? "cancelled (CEB623 accepted)" : "returned (CEB625 accepted)"
            alerts.append("\(what), but the bill is \(bill.status.label), not void: paid twice unless customs voids it")
        }
        if input.withheld == nil, input.orderNo != nil { alerts.append("the order's withheld tax is not in this outbox") }
        let lines = lineChecks(bill.lines)
        let offLines = lines.filter(\.mismatch).map { "line \($0.gnum)" }
        if !offLines.isEmpty, !void { alerts.append("\(offLines.joined(separator: ", ")) off the tariff estimate") }
        return TaxReconciliationRow(
            invtNo: bill.invtNo, orderNo: input.orderNo, taxNo: bill.taxNo, month: bill.month, withheld: input.withheld, billed: billed,
            difference: difference, mismatch: mismatch, billStatus: bill.status, entDutyNo: bill.entDutyNo, assureCode: bill.assureCode,
            lines: lines, alerts: alerts)
    }

    /// Each bill line against the rule applied to the line's own dutiable value. Customs puts the
    /// parcel's rounding remainder (half a fen a line at most) on one line, so a line is off only
    /// by more than the tolerance times the number of lines.
    func lineChecks(_ lines: [TaxBillLine]) -> [TaxReconciliationRow.Line] {
        let allowed = tolerance * Decimal(max(1, lines.count))
        return lines.map { line in
            let estimate = tariff[line.gcode].map { rates in
                CrossBorderTax.bill([CrossBorderTax.Line(gnum: line.gnum, gcode: line.gcode, price: line.taxPrice, rates: rates)])
                    .reduce(Decimal(0)) { $0 + $1.total }
            }
            let billed = line.amounts.total
            return TaxReconciliationRow.Line(
                gnum: line.gnum, gcode: line.gcode, taxPrice: line.taxPrice, billed: billed, estimate: estimate,
                mismatch: estimate.map { abs(billed - $0) > allowed } ?? false)
        }
    }
}

/// Sums over reconciled rows: by payment notice (what one notice should charge) and by guarantor.
public struct TaxTotals: Sendable {
    public struct Sum: Sendable, Hashable {
        public var bills = 0
        public var withheld = Decimal(0)
        public var billed = Decimal(0)
        public var difference: Decimal { billed - withheld }
    }

    public private(set) var byNotice: [String: Sum] = [:]
    public private(set) var byGuarantor: [String: Sum] = [:]
    public private(set) var all = Sum()
    public private(set) var mismatches = 0

    public init() {}

    public mutating func add(_ row: TaxReconciliationRow) {
        func add(to sum: inout Sum) {
            sum.bills += 1
            sum.withheld += row.withheld ?? 0
            sum.billed += row.billed ?? 0
        }
        if row.billStatus != .void, let notice = row.entDutyNo { add(to: &byNotice[notice, default: Sum()]) }
        add(to: &byGuarantor[row.assureCode ?? "(none)", default: Sum()])
        add(to: &all)
        if row.mismatch { mismatches += 1 }
    }
}

extension TaxReconciliation {
    /// Reconciles the ledger (of `month`, `yyyyMM`, or all of it) a page at a time, handing each
    /// row to `body` in inventory-number order, and returns the totals: a month of a million
    /// bills in flat memory. A bill's lines are read only when there is a tariff to check them against.
    public func walk(_ store: SQLOutbox, month: String?, pageSize: Int = 2_000, _ body: (TaxReconciliationRow) throws -> Void) throws
        -> TaxTotals
    {
        let afterSale = try store.afterSaleInventories()
        var totals = TaxTotals()
        var after = ""
        while true {
            let page = try store.taxReportPage(month: month, after: after, limit: pageSize, lines: !tariff.isEmpty)
            for input in page {
                let row = self.row(input, afterSale: afterSale[input.bill.invtNo])
                totals.add(row)
                try body(row)
            }
            guard let last = page.last else { return totals }
            after = last.bill.invtNo
        }
    }
}
