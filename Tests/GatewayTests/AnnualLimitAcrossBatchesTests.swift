import Adapters
import Foundation
import Gateway
import Outbox
import SchemaValidation
import SwgateTestSupport
import Testing

/// The annual per-buyer limit counts what earlier batches put in the outbox, not only this batch.
@Suite("Annual limit across batches")
struct AnnualLimitAcrossBatchesTests {
    /// The bonded example cut in two after the first parcel of a buyer who has several: that
    /// buyer then spends in both halves.
    static func halves(in folder: URL) throws -> (first: URL, second: URL, buyer: String) {
        let data = try Data(contentsOf: Fixtures.checkout.appendingPathComponent("examples/bonded-batch.json"))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let parcels = try #require(root["parcels"] as? [[String: Any]])
        func buyer(_ parcel: [String: Any]) -> String? {
            ((parcel["order"] as? [String: Any])?["buyer"] as? [String: Any])?["idNumber"] as? String
        }
        let ids = parcels.map { buyer($0) ?? "" }
        let repeated = try #require(ids.first { id in ids.filter { $0 == id }.count > 1 })
        let cut = try #require(ids.firstIndex(of: repeated)) + 1
        let first = folder.appendingPathComponent("first.json"), second = folder.appendingPathComponent("second.json")
        try JSONSerialization.data(withJSONObject: ["parcels": Array(parcels[..<cut])]).write(to: first)
        try JSONSerialization.data(withJSONObject: ["parcels": Array(parcels[cut...])]).write(to: second)
        return (first, second, repeated)
    }

    @Test(
        "a buyer within the limit in each batch but over it across both: the second is refused (an error by default), goes with a warning when the profile says so, and counts once"
    )
    func acrossBatches() throws {
        let folder = try Fixtures.temporaryDirectory("swgate-annual")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let (first, second, buyer) = try Self.halves(in: folder)
        let key = SHA256.hex(buyer.uppercased())
        var profile = try EnterpriseProfile.load(contentsOf: Fixtures.checkout.appendingPathComponent("examples/swgate.json"))
        let validator = try SchemaValidator()
        let year = Calendar(identifier: .gregorian).component(.year, from: Date())

        // What the buyer spends in each half, as the outbox records it.
        let scratch = try SQLOutbox(directory: folder.appendingPathComponent("scratch"))
        #expect(try !Submission(profile: profile, validator: validator, store: scratch).run(second).failed)
        let secondFen = try #require(try scratch.purchases(buyers: [key], year: year)[key])
        let store = try SQLOutbox(directory: folder.appendingPathComponent("outbox"))
        #expect(try !Submission(profile: profile, validator: validator, store: store).run(first).failed)
        let firstFen = try #require(try store.purchases(buyers: [key], year: year)[key])
        #expect(firstFen > 0 && secondFen > 0)

        profile.annualLimit = Decimal(max(firstFen, secondFen) + 1) / 100
        // Over the limit with what the outbox holds: customs certainly rejects it, so it is an error.
        let refused = try Submission(profile: profile, validator: validator, store: store).run(second)
        #expect(refused.failed, "over the annual limit stops the batch")
        let errors = refused.issues.filter { $0.rule == "limit.annual" }
        #expect(errors.count == 1)
        #expect(errors.first?.severity == .error)
        #expect(errors.first?.path.hasSuffix("order.buyer.idNumber") == true, "a JSON path of the record: \(errors.first?.path ?? "")")
        #expect(errors.first?.message.contains("earlier batches") == true)
        #expect(errors.first?.message.contains(buyer) == false, "the ID number is masked")
        #expect(try store.purchases(buyers: [key], year: year)[key] == firstFen, "nothing of the refused batch was spent")

        // A platform that accepts the risk switches the rule to a warning: the batch goes, once.
        profile.rules = RuleSettings(overrides: ["limit.annual": .warning])
        let report = try Submission(profile: profile, validator: validator, store: store).run(second)
        #expect(!report.failed, "a warning does not stop the batch")
        #expect(report.issues.filter { $0.rule == "limit.annual" }.count == 1)
        #expect(try store.purchases(buyers: [key], year: year)[key] == firstFen + secondFen)

        let again = try Submission(profile: profile, validator: validator, store: store).run(second)
        #expect(again.issues.filter { $0.rule == "limit.annual" }.isEmpty, "nothing new is enqueued, so nothing new is spent")
    }
}
