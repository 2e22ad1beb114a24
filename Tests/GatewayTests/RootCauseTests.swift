import Adapters
import CEBMessages
import Foundation
@testable import Gateway
import SchemaValidation
import SwgateTestSupport
import Testing

/// One root cause, one finding, at the record's own field.
@Suite("One root cause, one finding")
struct RootCauseTests {
    static func check(_ mutate: (inout [String: Any]) -> Void) throws -> [PreflightIssue] {
        let profile = try EnterpriseProfile.load(contentsOf: Fixtures.checkout.appendingPathComponent("examples/swgate.json"))
        var batch = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: Fixtures.checkout.appendingPathComponent("examples/bonded-batch.json")))
                as? [String: Any])
        var parcel = try #require((batch["parcels"] as? [[String: Any]])?[1])
        mutate(&parcel)
        batch["parcels"] = [parcel]
        let folder = try Fixtures.temporaryDirectory("swgate-root")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let url = folder.appendingPathComponent("batch.json")
        try JSONSerialization.data(withJSONObject: batch).write(to: url)
        let log = IssueLog(file: url.path, rules: profile.rules)
        try ConversionPipeline(profile: profile, validator: try SchemaValidator()).run(url, log: log) { _ in }
        return log.issues
    }

    @Test("an unreadable order field is the only finding: no 'needs its order', no schema errors of a waybill built without it")
    func unreadableOrder() throws {
        let issues = try Self.check { parcel in
            var order = parcel["order"] as? [String: Any] ?? [:]
            var items = order["items"] as? [[String: Any]] ?? []
            items[0]["price"] = "12,5"
            order["items"] = items
            parcel["order"] = order
        }
        #expect(issues.map(\.path) == ["parcels[0].order.items[0].price"], "\(issues.map { "\($0.rule) \($0.path)" })")
    }

    @Test("an unreadable paidAt is the only finding: no 'no payment voucher in this parcel'")
    func unreadablePayment() throws {
        let issues = try Self.check { parcel in
            var payment = parcel["payment"] as? [String: Any] ?? [:]
            payment["paidAt"] = "yesterday"
            parcel["payment"] = payment
        }
        #expect(issues.map(\.path) == ["parcels[0].payment.paidAt"], "\(issues.map { "\($0.rule) \($0.path)" })")
    }

    @Test(
        "schema errors point at the record's field, keeping the message and line for reference",
        arguments: [
            (
                CEBMessageType.ceb511, "Element 'ceb:consignee': [facet 'minLength'] …",
                "parcels[2].order.consignee.name (or waybill.consignee.name) (CEB511Message line 18, element consignee)"
            ),
            (
                .ceb621, "Element 'ceb:qty1': 'x' is not a valid value",
                "parcels[2].inventory.items[].legalQuantity (CEB621Message line 18, element qty1)"
            ),
            (.ceb621, "Element 'ceb:somethingElse': …", "CEB621Message line 18 (element somethingElse)"),
            (.ceb311, "no element named", "CEB311Message line 18"),
        ]
    )
    func schemaPaths(type: CEBMessageType, message: String, expected: String) {
        #expect(
            SchemaFieldPath.path(
                record: SchemaFieldPath.prefix(ofRecords: ["parcels[2] (order HT1)"]), type: type, line: 18, message: message) == expected)
    }
}
