public import Foundation

/// The profile's `tax` section: how the tax ledger is reconciled. A difference of at least
/// `tolerance` CNY between what an order withheld and what customs billed is a mismatch; a
/// released inventory without a bill after `billWithin` is an alert.
public struct TaxSettings: Sendable, Hashable {
    public var tolerance = Decimal(string: "0.01") ?? 0
    public var billWithin: TimeInterval = 72 * 3600

    public init() {}
}
