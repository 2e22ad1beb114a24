import Foundation
import Gateway
import JSONWriting
import Outbox

/// Writes a tax report as it goes: rows first (streamed), then totals and missing bills.
final class TaxReportWriter {
    enum Mode {
        case table, csv, json, jsonl
    }

    let mode: Mode
    private var out: BufferedOutput
    private var table = TextTable(columns: ["INVT NO", "ORDER", "WITHHELD", "BILLED", "DIFFERENCE", "BILL", "NOTICE", "ALERTS"])
    private var rows = 0

    init(mode: Mode) {
        self.mode = mode
        switch mode {
        case .json, .jsonl: out = BufferedOutput { JSONContract.shared.write($0) }
        case .csv, .table: out = BufferedOutput { FileHandle.standardOutput.write(Data($0.utf8)) }
        }
        table.maxCellWidth = 90
    }

    func begin() {
        switch mode {
        case .csv: Console.output(TaxRowOutput.csvHeader)
        case .json: JSONContract.shared.write("{\n  \"rows\": [\n")
        case .table, .jsonl: break
        }
    }

    private func emit(_ line: String) {
        out.write(line + "\n")
    }

    func row(_ row: TaxReconciliationRow) {
        switch mode {
        case .csv: emit(TaxRowOutput.csv(row))
        case .jsonl: emit(JSONOutput.object(TaxRowOutput.object(row, lines: false)).rendered(indent: nil))
        case .json:
            emit((rows == 0 ? "    " : "    ,") + JSONOutput.object(TaxRowOutput.object(row, lines: false)).rendered(indent: nil))
        case .table:
            table.add([
                row.invtNo, row.orderNo ?? "-", row.withheld.map(TaxRowOutput.money) ?? "-", row.billed.map(TaxRowOutput.money) ?? "-",
                row.difference.map { (row.mismatch ? "≠ " : "") + TaxRowOutput.money($0) } ?? "-", row.billStatus.label,
                row.entDutyNo ?? "-",
                row.alerts.joined(separator: "; "),
            ])
        }
        rows += 1
    }

    func end(totals: TaxTotals, missing: [(invtNo: String, orderNo: String)]) {
        out.flush()
        switch mode {
        case .csv:
            for bill in missing {
                Console.error("swgate tax: inventory \(bill.invtNo) (order \(bill.orderNo)) was released but has no bill")
            }
        case .jsonl:
            var object = JSONObject([("type", .string("totals"))])
            for member in Self.totals(totals, missing: missing).members { object.append(member.key, member.value) }
            JSONContract.shared.line(object)
        case .json:
            // The rows' array is open: the totals' members follow it in the same object.
            let text = JSONOutput.object(Self.totals(totals, missing: missing)).rendered()
            JSONContract.shared.write("  ],\n" + text.dropFirst(2) + "\n")
        case .table:
            Console.output(rows == 0 ? "no bills" : table.render())
            Console.output("")
            Console.output(
                "\(totals.all.bills) bills: withheld \(TaxRowOutput.money(totals.all.withheld)), billed \(TaxRowOutput.money(totals.all.billed)), difference \(TaxRowOutput.money(totals.all.difference)); \(totals.mismatches) mismatched"
            )
            var notices = TextTable(columns: ["PAYMENT NOTICE", "BILLS", "BILLED"])
            for (notice, sum) in totals.byNotice.sorted(by: { $0.key < $1.key }) {
                notices.add([notice, String(sum.bills), TaxRowOutput.money(sum.billed)])
            }
            if !totals.byNotice.isEmpty { Console.output("\n" + notices.render()) }
            var guarantors = TextTable(columns: ["GUARANTOR", "BILLS", "WITHHELD", "BILLED", "DIFFERENCE"])
            for (guarantor, sum) in totals.byGuarantor.sorted(by: { $0.key < $1.key }) {
                guarantors.add([
                    guarantor, String(sum.bills), TaxRowOutput.money(sum.withheld), TaxRowOutput.money(sum.billed),
                    TaxRowOutput.money(sum.difference),
                ])
            }
            if !totals.byGuarantor.isEmpty { Console.output("\n" + guarantors.render()) }
            for bill in missing { Console.output("released without a bill: inventory \(bill.invtNo) (order \(bill.orderNo))") }
        }
    }

    static func totals(_ totals: TaxTotals, missing: [(invtNo: String, orderNo: String)]) -> JSONObject {
        func sum(_ sum: TaxTotals.Sum) -> JSONOutput {
            .object([
                ("bills", .int(sum.bills)), ("withheld", TaxRowOutput.amount(sum.withheld)), ("billed", TaxRowOutput.amount(sum.billed)),
                ("difference", TaxRowOutput.amount(sum.difference)),
            ])
        }
        var object = JSONObject()
        object.append("all", sum(totals.all))
        object.append("mismatches", .int(totals.mismatches))
        object.append("byPaymentNotice", .object(JSONObject(totals.byNotice.sorted { $0.key < $1.key }.map { ($0.key, sum($0.value)) })))
        object.append("byGuarantor", .object(JSONObject(totals.byGuarantor.sorted { $0.key < $1.key }.map { ($0.key, sum($0.value)) })))
        object.append(
            "missingBills",
            .array(missing.map { .object([("invtNo", .string($0.invtNo)), ("orderNo", .string($0.orderNo))]) }))
        return object
    }
}
