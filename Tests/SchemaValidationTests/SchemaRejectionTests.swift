import CEBMessages
import Foundation
import SchemaValidation
import SwgateTestSupport
import Testing

/// Each schema must reject the five classic defects, and point at the right line.
@Suite("Schemas reject what customs rejects, at the right line")
struct SchemaRejectionTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var type: CEBMessageType
        var xml: String
        /// A required field, and the field that follows it (where libxml2 notices the gap).
        var required: (field: String, next: String)
        var overLong: String
        var fixedLength: String
        /// A decimal field, or nil for a type without one.
        var decimal: String?
        /// Two adjacent fields to swap.
        var swap: (first: String, second: String)
        var testDescription: String { type.rawValue }
    }

    static let cases: [Case] = [
        Case(
            type: .ceb311, xml: SampleDeclarations.order().xmlString(), required: ("ebpName", "ebcCode"), overLong: "orderNo",
            fixedLength: "currency", decimal: "goodsValue", swap: ("freight", "discount")),
        Case(
            type: .ceb411, xml: SampleDeclarations.payment().xmlString(), required: ("payName", "payTransactionId"),
            overLong: "payTransactionId", fixedLength: "payTime", decimal: "amountPaid", swap: ("payerIdNumber", "payerName")),
        Case(
            type: .ceb511, xml: SampleDeclarations.waybill().xmlString(), required: ("logisticsName", "logisticsNo"),
            overLong: "logisticsNo", fixedLength: "appTime", decimal: "weight", swap: ("consigneeAddress", "consigneeTelephone")),
        Case(
            type: .ceb513, xml: SampleDeclarations.waybillStatus().xmlString(), required: ("logisticsNo", "logisticsStatus"),
            overLong: "logisticsName", fixedLength: "logisticsTime", decimal: nil, swap: ("logisticsCode", "logisticsName")),
        Case(
            type: .ceb621, xml: SampleDeclarations.inventory().xmlString(), required: ("assureCode", "emsNo"), overLong: "copNo",
            fixedLength: "customsCode", decimal: "grossWeight", swap: ("buyerName", "buyerTelephone")),
        Case(
            type: .ceb623, xml: SampleDeclarations.cancellation().xmlString(), required: ("invtNo", "buyerIdType"), overLong: "copNo",
            fixedLength: "customsCode", decimal: nil, swap: ("agentCode", "agentName")),
        Case(
            type: .ceb625, xml: SampleDeclarations.refund().xmlString(), required: ("buyerName", "buyerTelephone"), overLong: "invtNo",
            fixedLength: "gcode", decimal: "qty", swap: ("ebpCode", "ebpName")),
        Case(
            type: .ceb711, xml: SampleDeclarations.delivery().xmlString(), required: ("operatorName", "ieFlag"), overLong: "copNo",
            fixedLength: "customsCode", decimal: nil, swap: ("trafNo", "voyageNo")),
    ]

    static let validator: SchemaValidator? = try? SchemaValidator()

    /// Validates `xml` and expects exactly a failure at `line` mentioning `element`.
    func expectRejected(_ xml: String, atLine line: Int?, mentioning element: String, _ label: String) throws {
        let validator = try #require(Self.validator)
        let result = validator.validate(Data(xml.utf8))
        #expect(!result.isValid, "\(label): expected invalid")
        let first = try #require(result.issues.first)
        #expect(first.line == line, "\(label): \(first)")
        #expect(first.message.contains(element), "\(label): \(first.message)")
    }

    func line(_ xml: String, _ field: String) throws -> Int {
        try #require(xml.lineNumber(of: "<ceb:\(field)>"), "no \(field)")
    }

    @Test("a missing required field", arguments: cases)
    func missingRequired(_ c: Case) throws {
        let removed = c.xml.replacingOccurrences(
            of: #"\n\t*<ceb:\#(c.required.field)>[^<]*</ceb:\#(c.required.field)>"#, with: "", options: .regularExpression)
        #expect(removed != c.xml)
        try expectRejected(removed, atLine: line(removed, c.required.next), mentioning: c.required.next, "missing \(c.required.field)")
    }

    @Test("an over-long value", arguments: cases)
    func overLong(_ c: Case) throws {
        let long = String(repeating: "9", count: 101)
        let broken = c.xml.replacingOccurrences(
            of: #"<ceb:\#(c.overLong)>[^<]*<"#, with: "<ceb:\(c.overLong)>\(long)<", options: .regularExpression)
        try expectRejected(broken, atLine: line(broken, c.overLong), mentioning: c.overLong, "over-long \(c.overLong)")
    }

    @Test("a wrong fixed length", arguments: cases)
    func fixedLength(_ c: Case) throws {
        let broken = c.xml.replacingOccurrences(
            of: #"<ceb:\#(c.fixedLength)>([^<]*)<"#, with: "<ceb:\(c.fixedLength)>$1X<", options: .regularExpression)
        try expectRejected(broken, atLine: line(broken, c.fixedLength), mentioning: c.fixedLength, "fixed length \(c.fixedLength)")
    }

    @Test("a bad decimal: not a number, and too many fraction digits", arguments: cases.filter { $0.decimal != nil })
    func badDecimal(_ c: Case) throws {
        let field = try #require(c.decimal)
        for bad in ["12.3.4", "1.123456", "1e3"] {
            let broken = c.xml.replacingFirst(
                try #require(c.xml.range(of: #"<ceb:\#(field)>[^<]*<"#, options: .regularExpression).map { String(c.xml[$0]) }),
                with: "<ceb:\(field)>\(bad)<"
            )
            try expectRejected(broken, atLine: line(broken, field), mentioning: field, "decimal \(field)=\(bad)")
        }
    }

    @Test("two fields out of order", arguments: cases)
    func wrongOrder(_ c: Case) throws {
        let pattern = #"(\t*<ceb:\#(c.swap.first)>[^<]*</ceb:\#(c.swap.first)>)\n(\t*<ceb:\#(c.swap.second)>[^<]*</ceb:\#(c.swap.second)>)"#
        let swapped = c.xml.replacingOccurrences(of: pattern, with: "$2\n$1", options: .regularExpression)
        #expect(swapped != c.xml)
        try expectRejected(
            swapped, atLine: line(swapped, c.swap.second), mentioning: c.swap.second, "order \(c.swap.first)/\(c.swap.second)")
    }

    @Test("a broken copy of an official sample fails at the line of the defect")
    func brokenOfficialSample() throws {
        let original = String(decoding: try Fixtures.sample(.ceb311), as: UTF8.self)
        let broken = original.replacingFirst("<ceb:orderType>I</ceb:orderType>", with: "<ceb:orderType>IMPORT</ceb:orderType>")
        try expectRejected(broken, atLine: original.lineNumber(of: "<ceb:orderType>"), mentioning: "orderType", "official 311")
    }
}
