import CEBMessages
import Foundation

/// A bill's lines as the ledger stores them: one line of text each,
/// `gnum|gcode|taxPrice|customsTax|valueAddedTax|consumptionTax`, amounts as exact decimals.
enum TaxLineText {
    static func encode(_ lines: [TaxBillLine]) -> String {
        lines.map { line in
            [
                String(line.gnum), line.gcode, CEBDecimal.exactString(line.taxPrice), CEBDecimal.exactString(line.amounts.customsTax),
                CEBDecimal.exactString(line.amounts.valueAddedTax), CEBDecimal.exactString(line.amounts.consumptionTax),
            ].joined(separator: "|")
        }.joined(separator: "\n")
    }

    static func decode(_ text: String) -> [TaxBillLine] {
        text.split(separator: "\n").compactMap { row in
            let parts = row.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 6, let gnum = Int(parts[0]), let price = CEBDecimal.value(parts[2]), let duty = CEBDecimal.value(parts[3]),
                let vat = CEBDecimal.value(parts[4]), let consumption = CEBDecimal.value(parts[5])
            else { return nil }
            return TaxBillLine(
                gnum: gnum, gcode: parts[1], taxPrice: price,
                amounts: TaxAmounts(customsTax: duty, valueAddedTax: vat, consumptionTax: consumption))
        }
    }
}
