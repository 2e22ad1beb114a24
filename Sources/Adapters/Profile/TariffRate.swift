public import Foundation

/// The import VAT and ad-valorem consumption tax rates of an HS code, for the tax estimate.
public struct TariffRate: Sendable, Hashable {
    public var vat: Decimal { didSet { combinedRate = Self.combined(vat: vat, consumption: consumption) } }
    public var consumption: Decimal { didSet { combinedRate = Self.combined(vat: vat, consumption: consumption) } }

    /// The cross-border retail combined rate: (vat + consumption) / (1 − consumption) × 70 %.
    /// Kept with the rates rather than computed on each use: the estimate asks for it once per
    /// order line, and it takes three Decimal divisions.
    public private(set) var combinedRate: Decimal

    public init(vat: Decimal, consumption: Decimal) {
        self.vat = vat
        self.consumption = consumption
        combinedRate = Self.combined(vat: vat, consumption: consumption)
    }

    static func combined(vat: Decimal, consumption: Decimal) -> Decimal {
        guard consumption < 1 else { return 0 }
        return (vat + consumption) / (1 - consumption) * Decimal(7) / Decimal(10)
    }
}
