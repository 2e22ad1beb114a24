import Adapters
import CEBMessages
import Foundation
import Gateway
import Outbox
import SchemaValidation
import SwgateTestSupport
import Testing

/// A carrier may use a waybill number again 180 days after it was used for another order
/// (-504012): before then `submit` refuses it with the rule and the earlier order; after, the new
/// waybill takes the number and the earlier one keeps its history.
@Suite("Waybill numbers across batches")
struct WaybillReuseTests {
    /// The bonded example's first parcel as a new order (new order number and payment) that
    /// reuses the first parcel's waybill number.
    static func reusingBatch(in folder: URL) throws -> (url: URL, waybillNo: String) {
        let data = try Data(contentsOf: Fixtures.checkout.appendingPathComponent("examples/bonded-batch.json"))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var parcel = try #require((root["parcels"] as? [[String: Any]])?.first)
        let newOrder = "HT2027060100000001", newTransaction = "P202706010000000001"
        var order = try #require(parcel["order"] as? [String: Any])
        order["orderNo"] = newOrder
        order["payment"] = ["provider": "futong", "transactionId": newTransaction]
        parcel["order"] = order
        var payment = try #require(parcel["payment"] as? [String: Any])
        payment["orderNo"] = newOrder
        payment["transactionId"] = newTransaction
        parcel["payment"] = payment
        var waybill = try #require(parcel["waybill"] as? [String: Any])
        waybill["orderNo"] = newOrder
        parcel["waybill"] = waybill
        var inventory = try #require(parcel["inventory"] as? [String: Any])
        inventory["orderNo"] = newOrder
        inventory["copNo"] = nil
        parcel["inventory"] = inventory
        let url = folder.appendingPathComponent("reuse.json")
        try JSONSerialization.data(withJSONObject: ["parcels": [parcel]]).write(to: url)
        return (url, try #require(waybill["waybillNo"] as? String))
    }

    @Test(
        "within 180 days the reused number is refused with the earlier order; after, it is enqueued and the earlier waybill keeps its history"
    )
    func reuse() throws {
        let folder = try Fixtures.temporaryDirectory("swgate-waybill-reuse")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let profile = try EnterpriseProfile.load(contentsOf: Fixtures.checkout.appendingPathComponent("examples/swgate.json"))
        let validator = try SchemaValidator()
        let store = try SQLOutbox(directory: folder.appendingPathComponent("outbox"))
        let start = Date(timeIntervalSince1970: 1_795_600_000)
        var first = Submission(profile: profile, validator: validator, store: store)
        first.now = start
        #expect(try !first.run(Fixtures.checkout.appendingPathComponent("examples/bonded-batch.json")).failed)
        let (batch, waybillNo) = try Self.reusingBatch(in: folder)

        var soon = Submission(profile: profile, validator: validator, store: store)
        soon.now = start.addingTimeInterval(30 * 86_400)
        let refused = try soon.run(batch)
        #expect(refused.failed)
        let issue = try #require(refused.issues.first { $0.rule == "waybill.number-reused" })
        #expect(issue.path == "parcels[0].waybill.waybillNo")
        #expect(issue.message.contains("HT2026112500000000"), "names the earlier order: \(issue.message)")
        #expect(try store.status(now: soon.now).documentsTotal == 96, "nothing of the batch was enqueued")

        var later = Submission(profile: profile, validator: validator, store: store)
        later.now = start.addingTimeInterval(181 * 86_400)
        let accepted = try later.run(batch)
        #expect(!accepted.failed, "\(accepted.issues) \(accepted.documents.filter { $0.outcome == .refused })")
        #expect(accepted.documents.filter { $0.outcome == .enqueued }.count == 4)
        #expect(try store.status(now: later.now).documentsTotal == 100)
        let waybills = try store.details(waybillNo).filter { $0.summary.messageType == .ceb511 }
        #expect(waybills.isEmpty, "the number alone is not a business key")
        let current = try store.documents(DocumentFilter(type: .ceb511, orderNo: "HT2027060100000001"))
        #expect(current.count == 1)
        #expect(current.first?.businessKey.hasSuffix(":\(waybillNo)") == true)
        let earlier = try store.documents(DocumentFilter(type: .ceb511, orderNo: "HT2026112500000000"))
        #expect(earlier.first?.businessKey.contains("#retired-") == true, "the earlier waybill keeps its row under a retired key")
        #expect(earlier.first?.guid != current.first?.guid)
        #expect(try store.check().isEmpty)
        // Submitting the same batch again is idempotent.
        let again = try later.run(batch)
        #expect(!again.failed)
        #expect(again.documents.allSatisfy { $0.outcome == .alreadyPresent })
    }
}
