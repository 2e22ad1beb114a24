import Adapters
import CEBMessages
import Foundation
import Gateway
@testable import Outbox
import SchemaValidation
import SwgateTestSupport
import Testing

/// Cancellations and returns are checked against the inventory they name before anything is sent.
@Suite("Cancellations and returns before sending")
struct AfterSaleCheckTests {
    /// The bonded example submitted and sent; the first parcel's inventory released (800) and
    /// the second's accepted (120), each with its customs inventory number.
    static func outbox(in folder: URL) throws -> (
        store: SQLOutbox, profile: EnterpriseProfile, parcels: [[String: Any]], released: String, accepted: String
    ) {
        let profile = try EnterpriseProfile.load(contentsOf: Fixtures.checkout.appendingPathComponent("examples/swgate.json"))
        let store = try SQLOutbox(directory: folder.appendingPathComponent("outbox"))
        let batch = Fixtures.checkout.appendingPathComponent("examples/bonded-batch.json")
        #expect(try !Submission(profile: profile, validator: try SchemaValidator(), store: store).run(batch).failed)
        try store.markAllSentForTesting()
        let inventories = try ForgedReceiptTests.inventories(store)
        let released = "29912026I000000001", accepted = "29912026I000000002"
        let intake = ReceiptIntake(store: store)
        for (inventory, number, status) in [(inventories[0], released, "800"), (inventories[1], accepted, "120")] {
            let answer = InventoryReturn(
                guid: inventory.document.guid, customsCode: "2991", copNo: inventory.copNo, preNo: "B2026112500000000\(status.prefix(1))",
                invtNo: number, returnStatus: status, returnTime: "20261125103000000", returnInfo: "s")
            _ = try intake.ingest(CEB622Message(returns: [answer]).xmlData(), source: "test")
        }
        let root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: batch)) as? [String: Any])
        return (store, profile, try #require(root["parcels"] as? [[String: Any]]), released, accepted)
    }

    static func request(_ parcel: [String: Any], invtNo: String, quantity: String? = nil) throws -> [String: Any] {
        let order = try #require(parcel["order"] as? [String: Any])
        let waybill = try #require(parcel["waybill"] as? [String: Any])
        let buyer = try #require(order["buyer"] as? [String: Any])
        var request: [String: Any] = [
            "orderNo": order["orderNo"] ?? "", "invtNo": invtNo, "carrier": waybill["carrier"] ?? "",
            "waybillNo": waybill["waybillNo"] ?? "",
            "buyer": buyer, "reason": "顾客退货",
        ]
        if let quantity {
            let items = try #require(order["items"] as? [[String: Any]])
            let inventoryItems = try #require((parcel["inventory"] as? [String: Any])?["items"] as? [[String: Any]])
            request["items"] = [
                [
                    "gnum": 1, "hsCode": inventoryItems[0]["hsCode"] ?? "", "name": items[0]["name"] ?? "", "quantity": quantity,
                    "unit": items[0]["unit"] ?? "",
                ]
            ]
        }
        return request
    }

    static func submit(_ batch: [String: Any], store: SQLOutbox, profile: EnterpriseProfile, folder: URL) throws -> Submission.Report {
        let url = folder.appendingPathComponent("after-sale-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: batch).write(to: url)
        return try Submission(profile: profile, validator: try SchemaValidator(), store: store).run(url)
    }

    @Test("a short inventory number is refused at its field, with the form customs uses")
    func shortNumber() throws {
        let folder = try Fixtures.temporaryDirectory("swgate-aftersale")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let (store, profile, parcels, _, _) = try Self.outbox(in: folder)
        let report = try Self.submit(
            ["cancellations": [try Self.request(parcels[0], invtNo: "2991I123")]], store: store, profile: profile, folder: folder)
        #expect(report.failed)
        #expect(
            report.issues.contains { $0.rule == "aftersale.invt-no" && $0.path == "cancellations[0].invtNo" },
            "\(report.issues.map { "\($0.rule) \($0.path)" })")
    }

    @Test(
        "against the outbox: unknown and unreleased inventories are refused, and a return above the declared quantity",
        arguments: [
            ("unknown", "aftersale.inventory-known"), ("accepted", "aftersale.inventory-released"),
            ("too-many", "aftersale.return-quantity"), ("fine", ""),
        ]
    )
    func againstOutbox(case name: String, rule: String) throws {
        let folder = try Fixtures.temporaryDirectory("swgate-aftersale")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let (store, profile, parcels, released, accepted) = try Self.outbox(in: folder)
        let declared = try #require(((parcels[0]["order"] as? [String: Any])?["items"] as? [[String: Any]])?.first?["quantity"] as? String)
        let batch: [String: Any] =
            switch name {
            case "unknown": ["cancellations": [try Self.request(parcels[0], invtNo: "29912026I000009999")]]
            case "accepted": ["cancellations": [try Self.request(parcels[1], invtNo: accepted)]]
            case "too-many": ["returns": [try Self.request(parcels[0], invtNo: released, quantity: String((Int(declared) ?? 1) + 1))]]
            default: ["returns": [try Self.request(parcels[0], invtNo: released, quantity: declared)]]
            }
        let report = try Self.submit(batch, store: store, profile: profile, folder: folder)
        if rule.isEmpty {
            #expect(!report.failed, "\(report.issues.map { "\($0.rule) \($0.path): \($0.message)" })")
        } else {
            #expect(report.failed)
            #expect(report.issues.map(\.rule) == [rule], "\(report.issues.map { "\($0.rule) \($0.path): \($0.message)" })")
        }
    }
}
