import ArgumentParser
import Foundation
import Gateway
import JSONWriting
import Outbox

/// `swgate tax report`: every bill of a month reconciled, with totals by payment notice and by
/// guarantor. The ledger is read a page at a time and rows are written as they are reconciled,
/// so a month of a million bills runs in flat memory.
struct TaxReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Reconcile tax bills with the withheld tax: rows, totals by payment notice and guarantor, alerts.",
        discussion: """
            withheld is the order's taxTotal; billed is the latest CEB816's duty + VAT + consumption tax \
            (0 once void); difference = billed − withheld (positive: the platform's loss; negative: owed \
            to the buyer). Exit status 1 when there is a mismatch or an alert, so a monthly job can tell.

            Examples:
              swgate tax report --month 2026-11
              swgate tax report --month 2026-11 --mismatches --format csv > mismatches.csv
              swgate tax report --jsonl | jq 'select(.mismatch)'
            """
    )

    @OptionGroup var outbox: OutboxOptions
    @OptionGroup var options: TaxOptions

    @Option(help: "Only bills of this month (yyyy-MM, the bill's date).") var month: String?

    @Flag(help: "Only rows with a mismatch or an alert.") var mismatches = false

    @Flag(help: "One JSON document: rows, totals, missing bills.") var json = false

    @Flag(help: "One JSON object a line (rows, then one totals object).") var jsonl = false

    @Option(help: "table (default) or csv.") var format = "table"

    func validate() throws {
        if let month,
            month.count != 7 || month.split(separator: "-").count != 2 || Int(month.replacingOccurrences(of: "-", with: "")) == nil
        {
            throw ValidationError("--month must look like 2026-11, not '\(month)'")
        }
        guard ["table", "csv"].contains(format) else { throw ValidationError("--format must be table or csv") }
        if json && jsonl { throw ValidationError("--json and --jsonl: choose one") }
    }

    func run() throws {
        let store = try outbox.openExisting()
        let reconciliation = try options.reconciliation()
        let missing = try store.inventoriesMissingBills(releasedBefore: Date().addingTimeInterval(-options.billWithinSeconds))
        let writer = TaxReportWriter(mode: json ? .json : jsonl ? .jsonl : format == "csv" ? .csv : .table)
        writer.begin()
        var alerts = 0
        let totals = try reconciliation.walk(store, month: month?.replacingOccurrences(of: "-", with: "")) { row in
            if !row.alerts.isEmpty { alerts += 1 }
            if mismatches && !row.mismatch && row.alerts.isEmpty { return }
            writer.row(row)
        }
        writer.end(totals: totals, missing: missing)
        if totals.mismatches > 0 || alerts > 0 || !missing.isEmpty { throw ExitCode(1) }
    }
}
