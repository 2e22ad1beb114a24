public import Foundation

/// The import VAT and ad-valorem consumption tax rates of an HS code, for the tax estimate.
public struct TariffRate: Sendable, Hashable {
    public var vat: Decimal
    public var consumption: Decimal

    public init(vat: Decimal, consumption: Decimal) {
        self.vat = vat
        self.consumption = consumption
    }

    /// The cross-border retail combined rate: (vat + consumption) / (1 − consumption) × 70 %.
    public var combinedRate: Decimal {
        guard consumption < 1 else { return 0 }
        return (vat + consumption) / (1 - consumption) * Decimal(7) / Decimal(10)
    }
}
