import Adapters
import Foundation
import Gateway
import JSONWriting
import Outbox

/// How a reconciled row is written: JSON (amounts as strings of exact decimals, so no reader
/// rounds them through a float), CSV and the table's cells.
enum TaxRowOutput {
    static let csvHeader = "invtNo,orderNo,taxNo,month,withheld,billed,difference,mismatch,billStatus,entDutyNo,assureCode,alerts"

    static func amount(_ value: Decimal?) -> JSONOutput { value.map { .string(money($0)) } ?? .null }

    /// Two decimals, half up (`140.78`, `0.00`, `-10.00`), without a formatter: the report
    /// writes three amounts a row and may write a million rows.
    static func money(_ value: Decimal) -> String {
        var text = Money.round(value).description
        if let dot = text.firstIndex(of: ".") {
            text += String(repeating: "0", count: max(0, 2 - text.distance(from: text.index(after: dot), to: text.endIndex)))
        } else {
            text += ".00"
        }
        return text
    }

    static func object(_ row: TaxReconciliationRow, lines: Bool) -> JSONObject {
        var object = JSONObject()
        object.append("invtNo", .string(row.invtNo))
        object.append("orderNo", row.orderNo.map { .string($0) } ?? .null)
        object.append("taxNo", .string(row.taxNo))
        object.append("month", .string(row.month))
        object.append("withheld", amount(row.withheld))
        object.append("billed", amount(row.billed))
        object.append("difference", amount(row.difference))
        object.append("mismatch", .bool(row.mismatch))
        object.append("billStatus", .string(row.billStatus.label))
        object.append("entDutyNo", row.entDutyNo.map { .string($0) } ?? .null)
        object.append("assureCode", row.assureCode.map { .string($0) } ?? .null)
        object.append("alerts", .array(row.alerts.map { .string($0) }))
        if lines {
            object.append(
                "lines",
                .array(
                    row.lines.map { line in
                        .object([
                            ("gnum", .int(line.gnum)), ("gcode", .string(line.gcode)), ("taxPrice", amount(line.taxPrice)),
                            ("billed", amount(line.billed)), ("estimate", amount(line.estimate)), ("mismatch", .bool(line.mismatch)),
                        ])
                    }))
        }
        return object
    }

    static func csv(_ row: TaxReconciliationRow) -> String {
        [
            row.invtNo, row.orderNo ?? "", row.taxNo, row.month, row.withheld.map(money) ?? "", row.billed.map(money) ?? "",
            row.difference.map(money) ?? "", row.mismatch ? "true" : "false", row.billStatus.label, row.entDutyNo ?? "",
            row.assureCode ?? "",
            row.alerts.joined(separator: "; "),
        ].map(CSVField.text).joined(separator: ",")
    }
}
