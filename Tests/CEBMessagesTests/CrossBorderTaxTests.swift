import CEBMessages
import Foundation
import SyntheticData
import Testing

/// The cross-border retail tax, against examples worked by hand (duty 0; VAT and consumption tax
/// at 70 % of the statutory amount on goods + freight + insurance).
@Suite("Cross-border retail tax rule")
struct CrossBorderTaxTests {
    static func d(_ text: String) -> Decimal { Decimal(string: text) ?? .nan }
    static let vat13 = CrossBorderTax.Rates(vat: d("0.13"))

    @Test("one line of 100.00 at 13 % VAT: 100 × 0.13 × 0.7 = 9.10, no duty")
    func plainVAT() {
        let bill = CrossBorderTax.bill([CrossBorderTax.Line(gnum: 1, gcode: "3304990099", price: 100, rates: Self.vat13)])
        #expect(bill.map(\.valueAddedTax) == [Self.d("9.10")])
        #expect(bill.map(\.customsTax) == [0])
        #expect(bill.map(\.consumptionTax) == [0])
    }

    @Test("consumption-tax goods (15 %, cosmetics): 200 / 0.85 × 0.15 × 0.7 = 24.71 and × 0.13 × 0.7 = 21.41")
    func consumptionTax() {
        let rates = CrossBorderTax.Rates(vat: Self.d("0.13"), consumption: Self.d("0.15"))
        let bill = CrossBorderTax.bill([CrossBorderTax.Line(gnum: 1, gcode: "3304100000", price: 200, rates: rates)])
        #expect(bill.first?.consumptionTax == Self.d("24.71"))
        #expect(bill.first?.valueAddedTax == Self.d("21.41"))
        #expect(bill.first?.total == Self.d("46.12"))
    }

    @Test("freight is shared by price: lines of 60 and 40 with 10 freight are taxed on 66 and 44 (6.01 + 4.00)")
    func freightShare() {
        let bill = CrossBorderTax.bill(
            [
                CrossBorderTax.Line(gnum: 1, gcode: "a", price: 60, rates: Self.vat13),
                CrossBorderTax.Line(gnum: 2, gcode: "b", price: 40, rates: Self.vat13),
            ], freight: 10)
        #expect(bill.map(\.taxPrice) == [66, 44])
        #expect(bill.map(\.valueAddedTax) == [Self.d("6.01"), Self.d("4.00")])
    }

    @Test("the last line takes the rounding remainder: three lines of 0.05 owe 0.01 together, not 0.00")
    func remainder() {
        let lines = (1...3).map { CrossBorderTax.Line(gnum: $0, gcode: "a", price: Self.d("0.05"), rates: Self.vat13) }
        let bill = CrossBorderTax.bill(lines)
        #expect(bill.map(\.valueAddedTax) == [0, 0, Self.d("0.01")])
    }

    @Test("the bill equals the rule written with every division, for 2,000 generated parcels", arguments: [UInt64(1), 2, 3])
    func equalsTheRuleAsWritten(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let rates = [
            Self.vat13, CrossBorderTax.Rates(vat: Self.d("0.09")), CrossBorderTax.Rates(vat: Self.d("0.13"), consumption: Self.d("0.15")),
            CrossBorderTax.Rates(vat: Self.d("0.13"), consumption: Self.d("0.3")),
            CrossBorderTax.Rates(vat: Self.d("0.13"), consumption: Self.d("0.05")),
        ]
        func amount(upTo cents: UInt64) -> Decimal { Decimal(sign: .plus, exponent: -2, significand: Decimal(random.next() % cents)) }
        for _ in 0..<2_000 {
            let lines = (1...Int(1 + random.next() % 5)).map { gnum in
                CrossBorderTax.Line(gnum: gnum, gcode: "g\(gnum)", price: amount(upTo: 1_000_000), rates: rates[Int(random.next() % 5)])
            }
            let freight = random.next() % 2 == 0 ? 0 : amount(upTo: 5_000)
            let insurance = random.next() % 3 == 0 ? amount(upTo: 1_000) : 0
            let bill = CrossBorderTax.bill(lines, freight: freight, insurance: insurance).map {
                [$0.taxPrice, $0.customsTax, $0.valueAddedTax, $0.consumptionTax]
            }
            #expect(bill == Self.asWritten(lines, freight: freight, insurance: insurance))
        }
    }

    /// The rule as the type's documentation states it, a division for each step: what the bill
    /// (which divides only where it must) is checked against. Each line: dutiable value, duty,
    /// VAT, consumption tax.
    static func asWritten(_ lines: [CrossBorderTax.Line], freight: Decimal, insurance: Decimal) -> [[Decimal]] {
        let goods = lines.reduce(Decimal(0)) { $0 + $1.price }
        var taxes: [[Decimal]] = []
        var exactTotal = Decimal(0)
        var roundedTotal = Decimal(0)
        for line in lines {
            let value = line.price + (goods == 0 ? 0 : (freight + insurance) * line.price / goods)
            let statutoryBase = line.rates.consumption < 1 ? value / (1 - line.rates.consumption) : 0
            let vat = statutoryBase * line.rates.vat * Decimal(7) / Decimal(10)
            let consumption = statutoryBase * line.rates.consumption * Decimal(7) / Decimal(10)
            exactTotal += vat + consumption
            let rounded = [CrossBorderTax.round(value), 0, CrossBorderTax.round(vat), CrossBorderTax.round(consumption)]
            roundedTotal += rounded[2] + rounded[3]
            taxes.append(rounded)
        }
        if !taxes.isEmpty { taxes[taxes.count - 1][2] += CrossBorderTax.round(exactTotal) - roundedTotal }
        return taxes
    }
}
