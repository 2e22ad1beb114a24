import Foundation

/// What the ledger holds for one inventory's tax bill: the latest bill's amounts and lines and
/// the furthest status, whatever order customs' answers arrived in.
public struct TaxLedgerRow: Sendable, Hashable {
    public var invtNo: String
    public var taxNo: String
    /// The `returnTime` of the bill whose amounts are held; nil while only a status has come.
    public var billTime: String?
    public var amounts: TaxAmounts?
    public var lines: [TaxBillLine]
    public var status: TaxBillStatus
    public var statusTime: String
    public var entDutyNo: String?
    public var assureCode: String?

    public init(
        invtNo: String, taxNo: String, billTime: String?, amounts: TaxAmounts?, lines: [TaxBillLine], status: TaxBillStatus,
        statusTime: String,
        entDutyNo: String?, assureCode: String?
    ) {
        self.invtNo = invtNo
        self.taxNo = taxNo
        self.billTime = billTime
        self.amounts = amounts
        self.lines = lines
        self.status = status
        self.statusTime = statusTime
        self.entDutyNo = entDutyNo
        self.assureCode = assureCode
    }

    /// The month the row counts in, `yyyyMM` (China time, as customs writes it): the bill's, or
    /// the status's while no bill has come.
    public var month: String { String((billTime ?? statusTime).prefix(6)) }

    /// The row after `entry`, decided without a database: a bill replaces the amounts only when
    /// it is not older than the one held (the latest bill wins by `returnTime`); the status only
    /// moves forward (1 → 2 → 3); a payment notice number or guarantor, once known, is kept
    /// unless a later answer names another.
    public static func merge(_ current: TaxLedgerRow?, _ entry: TaxBillEntry) -> TaxLedgerRow {
        guard var row = current else {
            return TaxLedgerRow(
                invtNo: entry.invtNo, taxNo: entry.taxNo, billTime: entry.amounts == nil ? nil : entry.returnTime, amounts: entry.amounts,
                lines: entry.lines, status: entry.status, statusTime: entry.returnTime, entDutyNo: entry.entDutyNo.nonEmpty,
                assureCode: entry.assureCode.nonEmpty)
        }
        if let amounts = entry.amounts, row.billTime.map({ entry.returnTime >= $0 }) ?? true {
            row.billTime = entry.returnTime
            row.amounts = amounts
            row.lines = entry.lines
            row.taxNo = entry.taxNo
        }
        if entry.status > row.status || (entry.status == row.status && entry.returnTime > row.statusTime) {
            row.status = max(row.status, entry.status)
            row.statusTime = max(row.statusTime, entry.returnTime)
        }
        if let notice = entry.entDutyNo.nonEmpty, entry.returnTime >= row.statusTime || row.entDutyNo == nil { row.entDutyNo = notice }
        if let guarantor = entry.assureCode.nonEmpty { row.assureCode = guarantor }
        return row
    }
}

extension Optional where Wrapped == String {
    /// nil for nil and for the empty string (customs sends empty optional fields).
    var nonEmpty: String? {
        switch self {
        case .some(let text) where !text.isEmpty: text
        default: nil
        }
    }
}
