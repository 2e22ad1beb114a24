public import Foundation

/// Where a tax bill is: generated (1), summarised into a payment notice (2), or void (3). It
/// only moves forward: a late "generated" never undoes a summary or a voiding.
public enum TaxBillStatus: Int, Sendable, Hashable, Comparable, CaseIterable, Codable {
    case generated = 1
    case summarised = 2
    case void = 3

    public static func < (lhs: TaxBillStatus, rhs: TaxBillStatus) -> Bool { lhs.rawValue < rhs.rawValue }

    public var label: String {
        switch self {
        case .generated: "generated"
        case .summarised: "summarised"
        case .void: "void"
        }
    }
}

/// Duty, VAT and consumption tax: a bill's head or one of its lines.
public struct TaxAmounts: Sendable, Hashable {
    public var customsTax: Decimal
    public var valueAddedTax: Decimal
    public var consumptionTax: Decimal

    public init(customsTax: Decimal, valueAddedTax: Decimal, consumptionTax: Decimal) {
        self.customsTax = customsTax
        self.valueAddedTax = valueAddedTax
        self.consumptionTax = consumptionTax
    }

    public var total: Decimal { customsTax + valueAddedTax + consumptionTax }
}

/// One line of a bill (`TaxListRd`).
public struct TaxBillLine: Sendable, Hashable {
    public var gnum: Int
    public var gcode: String
    /// The dutiable value customs taxed.
    public var taxPrice: Decimal
    public var amounts: TaxAmounts

    public init(gnum: Int, gcode: String, taxPrice: Decimal, amounts: TaxAmounts) {
        self.gnum = gnum
        self.gcode = gcode
        self.taxPrice = taxPrice
        self.amounts = amounts
    }
}

/// What one tax answer from customs says: a bill (CEB816: amounts, lines and a status) or a
/// status (CEB818).
public struct TaxBillEntry: Sendable, Hashable {
    public var invtNo: String
    public var taxNo: String
    /// `returnTime`, yyyyMMddHHmmssSSS: the later bill wins.
    public var returnTime: String
    public var status: TaxBillStatus
    public var entDutyNo: String?
    public var assureCode: String?
    /// The bill's head amounts; nil for a status (CEB818).
    public var amounts: TaxAmounts?
    public var lines: [TaxBillLine]

    public init(
        invtNo: String, taxNo: String, returnTime: String, status: TaxBillStatus, entDutyNo: String? = nil, assureCode: String? = nil,
        amounts: TaxAmounts? = nil, lines: [TaxBillLine] = []
    ) {
        self.invtNo = invtNo
        self.taxNo = taxNo
        self.returnTime = returnTime
        self.status = status
        self.entDutyNo = entDutyNo
        self.assureCode = assureCode
        self.amounts = amounts
        self.lines = lines
    }
}
