import CEBMessages
import Foundation

/// What the preflight remembers across the records of one batch: business keys seen, waybills
/// per order, each buyer's running total.
///
/// Everything is kept as 64-bit hashes and integers — about 16 bytes per document — so that a
/// batch of a million parcels needs tens of megabytes, not gigabytes. (Two different keys share
/// a 64-bit FNV-1a hash with probability below 10⁻⁸ even at a million documents.) Past
/// ``spillThreshold`` entries the maps move into a ``SpilledIndex`` on disk, so that a JSON Lines
/// batch converts in bounded memory whatever its length (in-memory maps would grow with every
/// parcel, and double while one rehashes).
struct BatchState {
    private var firstSeen: [UInt64: UInt32] = [:]
    private var waybillOrders: [UInt64: UInt64] = [:]
    private var orderWaybills: [UInt64: UInt64] = [:]
    private var buyerTotals: [UInt64: Int64] = [:]
    private var spilled: SpilledIndex?
    private var entries = 0
    /// Entries kept in memory before the index moves to disk (~10,000 parcels' worth).
    var spillThreshold = 65_536

    static func hash(_ text: String) -> UInt64 {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return value
    }

    /// Whether the index lives on disk now.
    var isSpilled: Bool { spilled != nil }

    private mutating func counted() {
        entries += 1
        guard spilled == nil, entries > spillThreshold else { return }
        // Tried once: without a temporary database the index stays in memory, as it always did.
        spillThreshold = .max
        guard let index = SpilledIndex() else { return }
        for (key, value) in firstSeen { index[.firstSeen, key] = Int64(value) }
        for (key, value) in waybillOrders { index[.waybillOrders, key] = Int64(bitPattern: value) }
        for (key, value) in orderWaybills { index[.orderWaybills, key] = Int64(bitPattern: value) }
        for (key, value) in buyerTotals { index[.buyerTotals, key] = value }
        firstSeen = [:]
        waybillOrders = [:]
        orderWaybills = [:]
        buyerTotals = [:]
        spilled = index
    }

    private func lookup(_ table: SpilledIndex.Table, _ key: UInt64) -> Int64? {
        if let spilled { return spilled[table, key] }
        switch table {
        case .firstSeen: return firstSeen[key].map { Int64($0) }
        case .waybillOrders: return waybillOrders[key].map { Int64(bitPattern: $0) }
        case .orderWaybills: return orderWaybills[key].map { Int64(bitPattern: $0) }
        case .buyerTotals: return buyerTotals[key]
        }
    }

    private mutating func store(_ table: SpilledIndex.Table, _ key: UInt64, _ value: Int64) {
        if let spilled {
            spilled[table, key] = value
            return
        }
        switch table {
        case .firstSeen: firstSeen[key] = UInt32(truncatingIfNeeded: value)
        case .waybillOrders: waybillOrders[key] = UInt64(bitPattern: value)
        case .orderWaybills: orderWaybills[key] = UInt64(bitPattern: value)
        case .buyerTotals: buyerTotals[key] = value
        }
        counted()
    }

    /// Records `key` (already type-qualified) for the record numbered `ordinal`; returns the
    /// ordinal of the record that had it first, if any.
    mutating func firstRecord(with key: String, ordinal: Int) -> Int? {
        let hashed = Self.hash(key)
        if let earlier = lookup(.firstSeen, hashed) { return Int(earlier) }
        store(.firstSeen, hashed, Int64(UInt32(truncatingIfNeeded: ordinal)))
        return nil
    }

    /// Records that `waybill` serves `order`: was the waybill used for another order, or does the
    /// order already have another waybill?
    mutating func link(waybill: String, order: String) -> (earlierOrder: Bool, earlierWaybill: Bool) {
        let waybillKey = Int64(bitPattern: Self.hash(waybill))
        let orderKey = Int64(bitPattern: Self.hash(order))
        var result = (false, false)
        if let previous = lookup(.waybillOrders, UInt64(bitPattern: waybillKey)), previous != orderKey {
            result.0 = true
        } else {
            store(.waybillOrders, UInt64(bitPattern: waybillKey), orderKey)
        }
        if let previous = lookup(.orderWaybills, UInt64(bitPattern: orderKey)), previous != waybillKey {
            result.1 = true
        } else {
            store(.orderWaybills, UInt64(bitPattern: orderKey), waybillKey)
        }
        return result
    }

    /// Adds `amount` to the buyer's running total (kept in fen) and returns the new total.
    mutating func addPurchase(buyer idNumber: String, amount: Decimal) -> Decimal {
        let key = Self.hash(idNumber.uppercased())
        let fen = NSDecimalNumber(decimal: Money.round(amount) * 100).int64Value
        let total = (lookup(.buyerTotals, key) ?? 0) + fen
        store(.buyerTotals, key, total)
        return Decimal(total) / 100
    }
}
