public import Foundation

/// The tax of a cross-border retail import within the limits (财关税〔2016〕18号, 〔2018〕49号):
/// customs duty 0; import VAT and ad-valorem consumption tax at 70 % of the statutory amount, on a
/// dutiable value of the goods' price plus freight and insurance.
///
/// Per line, with v the VAT rate and c the consumption-tax rate:
/// consumption = value / (1 − c) × c × 70 %, VAT = value / (1 − c) × v × 70 %. Freight and
/// insurance are shared among the lines in proportion to their price. Each amount is rounded to
/// the fen, half up, and the last line takes the rounding remainder, so that the bill's total is
/// the whole parcel's unrounded tax rounded once — what a platform withholds when it computes
/// the tax on the parcel.
public enum CrossBorderTax {
    public struct Rates: Sendable, Hashable {
        public var vat: Decimal
        public var consumption: Decimal

        public init(vat: Decimal, consumption: Decimal = 0) {
            self.vat = vat
            self.consumption = consumption
        }

        /// 13 % VAT, no consumption tax: most goods.
        public static let standard = Rates(vat: Decimal(string: "0.13") ?? 0)
    }

    /// One goods line: its number, HS code, price (the line total) and rates.
    public struct Line: Sendable, Hashable {
        public var gnum: Int
        public var gcode: String
        public var price: Decimal
        public var rates: Rates

        public init(gnum: Int, gcode: String, price: Decimal, rates: Rates) {
            self.gnum = gnum
            self.gcode = gcode
            self.price = price
            self.rates = rates
        }
    }

    /// One line of the bill.
    public struct LineTax: Sendable, Hashable {
        public var gnum: Int
        public var gcode: String
        /// The dutiable value: price plus the line's share of freight and insurance.
        public var taxPrice: Decimal
        public var customsTax: Decimal
        public var valueAddedTax: Decimal
        public var consumptionTax: Decimal

        public var total: Decimal { customsTax + valueAddedTax + consumptionTax }
    }

    /// The bill of a parcel's lines.
    public static func bill(_ lines: [Line], freight: Decimal = 0, insurance: Decimal = 0) -> [LineTax] {
        let goods = lines.reduce(Decimal(0)) { $0 + $1.price }
        let extra = freight + insurance
        var taxes: [LineTax] = []
        var exactTotal = Decimal(0)
        var roundedTotal = Decimal(0)
        // Decimal division is slow (a report recomputes every bill line): divide only where the
        // rule does — by the goods when there is freight or insurance to share, by 1 − c when
        // there is a consumption tax — and take 70 % as a product.
        for line in lines {
            let share = extra == 0 || goods == 0 ? 0 : extra * line.price / goods
            let value = line.price + share
            let consumptionRate = line.rates.consumption
            let statutoryBase: Decimal
            if consumptionRate == 0 {
                statutoryBase = value
            } else {
                statutoryBase = consumptionRate < 1 ? value / (1 - consumptionRate) : 0
            }
            let vat = statutoryBase * line.rates.vat * reducedShare
            let consumption = consumptionRate == 0 ? 0 : statutoryBase * consumptionRate * reducedShare
            exactTotal += vat + consumption
            let tax = LineTax(
                gnum: line.gnum, gcode: line.gcode, taxPrice: round(value), customsTax: 0, valueAddedTax: round(vat),
                consumptionTax: round(consumption))
            roundedTotal += tax.total
            taxes.append(tax)
        }
        if let last = taxes.indices.last {
            taxes[last].valueAddedTax += round(exactTotal) - roundedTotal
        }
        return taxes
    }

    /// The share of the statutory amount a cross-border retail purchase owes: 70 %.
    static let reducedShare = Decimal(sign: .plus, exponent: -1, significand: 7)

    /// Half up to the fen.
    public static func round(_ value: Decimal) -> Decimal {
        var input = value
        var output = Decimal()
        NSDecimalRound(&output, &input, 2, .plain)
        return output
    }
}
