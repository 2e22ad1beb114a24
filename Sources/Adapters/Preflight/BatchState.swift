import CEBMessages
import Foundation

/// What the preflight remembers across the records of one batch: business keys seen, waybills
/// per order, each buyer's running total. Keys are kept as 128-bit hashes so that memory stays
/// small for batches of hundreds of thousands of parcels.
struct BatchState {
    struct Key: Hashable {
        var high: UInt64
        var low: UInt64

        init(_ text: String) {
            var first: UInt64 = 0xcbf2_9ce4_8422_2325
            var second: UInt64 = 0x9e37_79b9_7f4a_7c15
            for byte in text.utf8 {
                first = (first ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
                second = (second &+ UInt64(byte)) &* 0xff51_afd7_ed55_8ccd
                second ^= second >> 29
            }
            high = first
            low = second
        }
    }

    private var firstSeen: [Key: String] = [:]
    private var waybillOrders: [Key: Key] = [:]
    private var orderWaybills: [Key: Key] = [:]
    private var buyerTotals: [Key: Decimal] = [:]

    /// Records `key` (already type-qualified); returns the label of the record that had it before.
    mutating func firstRecord(with key: String, label: String) -> String? {
        let hashed = Key(key)
        if let earlier = firstSeen[hashed] { return earlier }
        firstSeen[hashed] = label
        return nil
    }

    /// Records that `waybill` serves `order`; returns the order it served before, when different.
    mutating func link(waybill: String, order: String) -> (earlierOrder: Bool, earlierWaybill: Bool) {
        let waybillKey = Key(waybill)
        let orderKey = Key(order)
        var result = (false, false)
        if let previous = waybillOrders[waybillKey], previous != orderKey { result.0 = true } else { waybillOrders[waybillKey] = orderKey }
        if let previous = orderWaybills[orderKey], previous != waybillKey { result.1 = true } else { orderWaybills[orderKey] = waybillKey }
        return result
    }

    /// Adds `amount` to the buyer's running total and returns the new total.
    mutating func addPurchase(buyer idNumber: String, amount: Decimal) -> Decimal {
        let key = Key(idNumber.uppercased())
        let total = (buyerTotals[key] ?? 0) + amount
        buyerTotals[key] = total
        return total
    }
}
