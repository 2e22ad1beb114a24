import CEBMessages
import Foundation
import Outbox

/// A CEB816 bill or CEB818 status read from its answer's fields, for the tax ledger. A field that
/// is not what the specification says (a status other than 1–3, an amount that is not a number)
/// refuses the whole receipt, as any unreadable receipt is: nothing half-read reaches the ledger.
enum TaxBillReading {
    static func entry(_ element: ReturnElement) throws -> TaxBillEntry? {
        guard element.messageType == .ceb816 || element.messageType == .ceb818 else { return nil }
        let what = "\(element.messageType.rawValue) \(element.elementName)"
        func required(_ name: String) throws -> String {
            guard let value = element[name], !value.isEmpty else { throw ReceiptBoundsError(message: "\(what) has no \(name)") }
            return value
        }
        guard let status = Int(try required("status")).flatMap(TaxBillStatus.init(rawValue:)) else {
            throw ReceiptBoundsError(message: "\(what) has status \(element["status"] ?? ""); a tax bill's status is 1, 2 or 3")
        }
        var entry = TaxBillEntry(
            invtNo: try required("invtNo"), taxNo: try required("taxNo"), returnTime: try required("returnTime"), status: status,
            entDutyNo: element["entDutyNo"], assureCode: element["assureCode"])
        guard element.messageType == .ceb816 else { return entry }
        func amount(_ name: String, in fields: [ReturnField], at path: String) throws -> Decimal {
            let text = fields.first { $0.name == name }?.value ?? ""
            guard let value = CEBDecimal.value(text), !text.isEmpty else {
                throw ReceiptBoundsError(
                    message: "\(what) \(path)\(name) is '\(LogText.escaped(LogTextLimit.clipped(text)))', not an amount")
            }
            return value
        }
        func amounts(_ fields: [ReturnField], at path: String) throws -> TaxAmounts {
            TaxAmounts(
                customsTax: try amount("customsTax", in: fields, at: path),
                valueAddedTax: try amount("valueAddedTax", in: fields, at: path),
                consumptionTax: try amount("consumptionTax", in: fields, at: path))
        }
        // Customs puts at most 99 lines on a bill; far more is refused rather than stored.
        guard element.lines.count <= 999 else {
            throw ReceiptBoundsError(message: "\(what) carries \(element.lines.count) lines; a bill has at most 99")
        }
        entry.amounts = try amounts(element.fields, at: "")
        entry.lines = try element.lines.enumerated().map { index, fields in
            let path = "TaxListRd[\(index + 1)]."
            guard let gnum = Int(fields.first { $0.name == "gnum" }?.value ?? "") else {
                throw ReceiptBoundsError(message: "\(what) \(path)gnum is not a line number")
            }
            // An HS code is ten digits: anything else (a separator, a newline) is refused, not stored.
            let gcode = fields.first { $0.name == "gcode" }?.value ?? ""
            guard gcode.count <= 20, gcode.unicodeScalars.allSatisfy({ $0.isASCII && CharacterSet.alphanumerics.contains($0) }) else {
                throw ReceiptBoundsError(
                    message: "\(what) \(path)gcode is '\(LogText.escaped(LogTextLimit.clipped(gcode)))', not an HS code")
            }
            return TaxBillLine(
                gnum: gnum, gcode: gcode, taxPrice: try amount("taxPrice", in: fields, at: path),
                amounts: try amounts(fields, at: path))
        }
        return entry
    }
}

/// Values quoted in an error message are cut short: a hostile receipt cannot fill the log.
enum LogTextLimit {
    static func clipped(_ text: String) -> String {
        text.count > 40 ? String(text.prefix(40)) + "…" : text
    }
}
