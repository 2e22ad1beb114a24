import Adapters
import CEBMessages
import Foundation
import Gateway
import Outbox
import Simulator
import SwgateTestSupport
import Testing

/// The simulator as customs' tax office: it bills every released inventory by the rule (so a
/// correct order reconciles to zero), summarises the bills into a payment notice, and voids a
/// bill once a cancellation is accepted.
@Suite("Simulated tax bills", .serialized)
struct SimulatedTaxBillTests {
    /// Polls until customs has nothing more to say, or `seconds` pass.
    static func drain(_ harness: GatewayHarness, seconds: TimeInterval = 10) async throws {
        let settings = harness.settings()
        let dispatcher = try Dispatcher(store: harness.store, settings: settings, signer: try SignerFactory.signer(for: harness.profile))
        let poller = try #require(
            try settings.receiptsURL.map { try ReceiptPoller(url: $0, intake: ReceiptIntake(store: harness.store), http: settings.http) })
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            _ = try await dispatcher.sendDue()
            let counts = try await poller.poll()
            let waiting = await harness.simulator.customs.pendingReceipts(now: Date())
            if waiting == 0, counts.applied + counts.duplicates + counts.unmatched == 0 { return }
            try await Task.sleep(for: .milliseconds(30))
        }
    }

    @Test("every released inventory is billed, reconciles to zero and is summarised; a cancellation voids its bill")
    func billsAndVoid() async throws {
        let profile = try EnterpriseProfile.load(contentsOf: Fixtures.checkout.appendingPathComponent("examples/swgate.json"))
        let rates = profile.tariff.mapValues { CrossBorderTax.Rates(vat: $0.vat, consumption: $0.consumption) }
        let harness = try await GatewayHarness.start { $0.taxRates = rates }
        defer { harness.stop() }
        #expect(try await harness.runUntilSettled(harness.settings()))
        try await Self.drain(harness)
        let reconciliation = TaxReconciliation(tariff: rates)
        let inputs = try harness.store.taxReportPage(month: nil, after: "", limit: 1_000)
        let released = try harness.store.documents(DocumentFilter(type: .ceb621, limit: 100)).filter { $0.customsStatus == "800" }
        #expect(inputs.count == released.count && released.count >= 23)
        let rows = inputs.map { reconciliation.row($0, afterSale: nil) }
        #expect(rows.allSatisfy { $0.difference == 0 && !$0.mismatch }, "\(rows.filter(\.mismatch).map(\.invtNo))")
        #expect(rows.allSatisfy { $0.billStatus == .summarised && $0.entDutyNo?.hasPrefix("ED") == true })

        // Cancel the first released inventory.
        let target = try #require(released.first)
        let invtNo = try #require(target.invtNo)
        let root = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: Fixtures.checkout.appendingPathComponent("examples/bonded-batch.json")))
                as? [String: Any])
        let parcel = try #require(
            (root["parcels"] as? [[String: Any]])?.first { ($0["order"] as? [String: Any])?["orderNo"] as? String == target.orderNo })
        let report = try AfterSaleCheckTests.submit(
            ["cancellations": [try AfterSaleCheckTests.request(parcel, invtNo: invtNo)]], store: harness.store, profile: harness.profile,
            folder: harness.folder)
        #expect(!report.failed, "\(report.issues.map { "\($0.rule): \($0.message)" })")
        try await Self.drain(harness)
        let after = try #require(try harness.store.taxBill(invtNo: invtNo))
        #expect(after.bill.status == .void)
        let row = reconciliation.row(after, afterSale: try harness.store.afterSaleInventories()[invtNo])
        #expect(row.alerts.isEmpty, "\(row.alerts)")
        #expect(row.billed == 0)
    }
}
