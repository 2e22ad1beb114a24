import CEBMessages
import Foundation
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
}
