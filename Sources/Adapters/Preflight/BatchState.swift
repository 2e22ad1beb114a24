import CEBMessages
import Foundation

/// What the preflight remembers across the records of one batch: business keys seen, waybills
/// per order, each buyer's running total.
///
/// Everything is kept as 64-bit hashes and integers — about 16 bytes per document — so that a
/// batch of a million parcels needs tens of megabytes, not gigabytes. (Two different keys share
/// a 64-bit FNV-1a hash with probability below 10⁻⁸ even at a million documents.)
struct BatchState {
    private var firstSeen: [UInt64: UInt32] = [:]
    private var waybillOrders: [UInt64: UInt64] = [:]
    private var orderWaybills: [UInt64: UInt64] = [:]
    private var buyerTotals: [UInt64: Int64] = [:]

    static func hash(_ text: String) -> UInt64 {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return value
    }

    /// Records `key` (already type-qualified) for the record numbered `ordinal`; returns the
    /// ordinal of the record that had it first, if any.
    mutating func firstRecord(with key: String, ordinal: Int) -> Int? {
        let hashed = Self.hash(key)
        if let earlier = firstSeen[hashed] { return Int(earlier) }
        firstSeen[hashed] = UInt32(truncatingIfNeeded: ordinal)
        return nil
    }

    /// Records that `waybill` serves `order`: was the waybill used for another order, or does the
    /// order already have another waybill?
    mutating func link(waybill: String, order: String) -> (earlierOrder: Bool, earlierWaybill: Bool) {
        let waybillKey = Self.hash(waybill)
        let orderKey = Self.hash(order)
        var result = (false, false)
        if let previous = waybillOrders[waybillKey], previous != orderKey { result.0 = true } else { waybillOrders[waybillKey] = orderKey }
        if let previous = orderWaybills[orderKey], previous != waybillKey { result.1 = true } else { orderWaybills[orderKey] = waybillKey }
        return result
    }

    /// Adds `amount` to the buyer's running total (kept in fen) and returns the new total.
    mutating func addPurchase(buyer idNumber: String, amount: Decimal) -> Decimal {
        let key = Self.hash(idNumber.uppercased())
        let fen = NSDecimalNumber(decimal: Money.round(amount) * 100).int64Value
        let total = (buyerTotals[key] ?? 0) + fen
        buyerTotals[key] = total
        return Decimal(total) / 100
    }
}
