import ArgumentParser
import Foundation
import Gateway
import JSONWriting
import Outbox

/// `swgate tax show INVT`: one inventory's bill, its lines against the estimate, and what it reconciles to.
struct TaxShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "One inventory's tax bill: status, payment notice, lines against the tariff estimate, reconciliation.",
        discussion: """
            Example:
              swgate tax show 31052026I000000123
            """
    )

    @Argument(help: "The inventory number customs gave (invtNo).") var invtNo: String

    @OptionGroup var outbox: OutboxOptions
    @OptionGroup var options: TaxOptions

    @Flag(help: "Print one JSON document: the bill, its lines and alerts.") var json = false

    func run() throws {
        let store = try outbox.openExisting()
        guard let input = try store.taxBill(invtNo: invtNo) else {
            Console.error("swgate tax show: no tax bill for inventory \(LogText.escaped(invtNo)) (swgate tax report lists the bills)")
            throw ExitCode(1)
        }
        let row = try options.reconciliation().row(input, afterSale: try store.afterSaleInventories()[invtNo])
        if json {
            Console.json(TaxRowOutput.object(row, lines: true))
            return
        }
        Console.output("inventory \(row.invtNo)  order \(row.orderNo ?? "-")  bill \(row.taxNo) (\(row.billStatus.label))")
        Console.output("payment notice \(row.entDutyNo ?? "-")  guarantor \(row.assureCode ?? "-")  month \(row.month)")
        Console.output(
            "withheld \(row.withheld.map(TaxRowOutput.money) ?? "-")  billed \(row.billed.map(TaxRowOutput.money) ?? "-")  difference \(row.difference.map(TaxRowOutput.money) ?? "-")\(row.mismatch ? "  MISMATCH" : "")"
        )
        var table = TextTable(columns: ["LINE", "HS CODE", "TAX PRICE", "BILLED", "ESTIMATE", ""])
        for line in row.lines {
            table.add([
                String(line.gnum), line.gcode, TaxRowOutput.money(line.taxPrice), TaxRowOutput.money(line.billed),
                line.estimate.map(TaxRowOutput.money) ?? "-", line.mismatch ? "≠" : "",
            ])
        }
        if !row.lines.isEmpty { Console.output("\n" + table.render()) }
        for alert in row.alerts { Console.output("alert: \(alert)") }
    }
}
