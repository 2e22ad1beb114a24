public import Foundation

/// One ledger row with what the outbox knows of its inventory: what reconciling it needs.
public struct TaxReportInput: Sendable, Hashable {
    public var bill: TaxLedgerRow
    /// The inventory's order number, when the outbox holds the inventory customs numbered so.
    public var orderNo: String?
    /// The inventory's customs status (800 released), when the outbox holds it.
    public var inventoryStatus: String?
    /// The tax the order withheld (its `taxTotal`), when the outbox holds the order.
    public var withheld: Decimal?

    public init(bill: TaxLedgerRow, orderNo: String?, inventoryStatus: String?, withheld: Decimal?) {
        self.bill = bill
        self.orderNo = orderNo
        self.inventoryStatus = inventoryStatus
        self.withheld = withheld
    }
}

/// The ledger's counts, for `status` and `/metrics`.
public struct TaxLedgerCounts: Sendable, Hashable {
    public var bills: [TaxBillStatus: Int] = [:]
    /// Bills for an inventory the outbox does not hold (yet).
    public var unmatched = 0
    /// Released inventories with no bill after the configured time.
    public var missing = 0
    /// Cancelled or returned inventories whose bill is not void.
    public var notVoided = 0
    /// Bills whose total differs from the withheld tax by the tolerance or more.
    public var mismatched = 0

    public init() {}
}
