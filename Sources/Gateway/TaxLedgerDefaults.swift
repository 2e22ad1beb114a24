public import Foundation

/// The tax ledger's thresholds where a command has no option for them (`status`, `/metrics`):
/// a difference of one fen is a mismatch; a released inventory may wait three days for its bill.
public enum TaxLedgerDefaults {
    public static let tolerance = Decimal(string: "0.01") ?? 0
    public static let billWithin: TimeInterval = 72 * 3600
}
