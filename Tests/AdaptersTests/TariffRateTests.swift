import Adapters
import Foundation
import Testing

@Suite("Tariff rates")
struct TariffRateTests {
    @Test("the combined rate is (VAT + consumption) / (1 − consumption) × 70 %, and follows changes to either rate")
    func combined() {
        var rate = TariffRate(vat: Decimal(string: "0.13") ?? 0, consumption: 0)
        #expect(rate.combinedRate == Decimal(string: "0.091"))
        rate.consumption = Decimal(string: "0.15") ?? 0
        let expected = (Decimal(string: "0.28") ?? 0) / (Decimal(string: "0.85") ?? 1) * 7 / 10
        #expect(rate.combinedRate == expected)
        rate.vat = Decimal(string: "0.09") ?? 0
        #expect(rate.combinedRate == (Decimal(string: "0.24") ?? 0) / (Decimal(string: "0.85") ?? 1) * 7 / 10)
        rate.consumption = 1
        #expect(rate.combinedRate == 0)
    }
}
