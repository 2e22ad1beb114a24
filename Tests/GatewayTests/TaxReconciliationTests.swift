import Adapters
import CEBMessages
import Foundation
import Gateway
import Outbox
import SwgateTestSupport
import Testing

/// What a reconciled row says, decided without a database.
@Suite("Tax reconciliation")
struct TaxReconciliationTests {
    static func d(_ text: String) -> Decimal { Decimal(string: text) ?? .nan }

    static func input(
        vat: String = "9.10", withheld: String? = "9.10", status: TaxBillStatus = .generated, notice: String? = nil,
        inventory: String? = "800",
        order: String? = "O1"
    ) -> TaxReportInput {
        let amounts = TaxAmounts(customsTax: 0, valueAddedTax: d(vat), consumptionTax: 0)
        let row = TaxLedgerRow(
            invtNo: "I1", taxNo: "T1", billTime: "20261101000000000", amounts: amounts,
            lines: [TaxBillLine(gnum: 1, gcode: "3304990099", taxPrice: 100, amounts: amounts)], status: status,
            statusTime: "20261101000000000",
            entDutyNo: notice, assureCode: "G1")
        return TaxReportInput(bill: row, orderNo: order, inventoryStatus: order == nil ? nil : inventory, withheld: withheld.map(d))
    }

    let reconciliation = TaxReconciliation(tariff: ["3304990099": CrossBorderTax.Rates(vat: Decimal(string: "0.13") ?? 0)])

    @Test("equal amounts reconcile to zero; one fen is a mismatch; 10.00 more is the platform's loss")
    func differences() {
        #expect(reconciliation.row(Self.input(), afterSale: nil).mismatch == false)
        #expect(reconciliation.row(Self.input(), afterSale: nil).difference == 0)
        #expect(reconciliation.row(Self.input(vat: "9.11"), afterSale: nil).mismatch)
        let more = reconciliation.row(Self.input(vat: "19.10"), afterSale: nil)
        #expect(more.mismatch && more.difference == 10)
        #expect(more.alerts.contains { $0.contains("line 1 off the tariff estimate") })
        let tolerant = TaxReconciliation(tolerance: 1).row(Self.input(vat: "9.60"), afterSale: nil)
        #expect(!tolerant.mismatch)
    }

    @Test("a cancelled inventory whose bill is not void is an alert; once void it bills nothing")
    func voidAfterCancellation() {
        let notVoid = reconciliation.row(Self.input(), afterSale: .ceb623)
        #expect(notVoid.alerts.contains { $0.contains("cancelled") && $0.contains("not void") })
        let void = reconciliation.row(Self.input(status: .void), afterSale: .ceb623)
        #expect(void.alerts.isEmpty)
        #expect(void.billed == 0 && !void.mismatch)
        #expect(reconciliation.row(Self.input(), afterSale: .ceb625).alerts.contains { $0.contains("returned") })
    }

    @Test("a bill before its release, and one for an inventory the outbox does not hold, are alerts")
    func billBeforeRelease() {
        #expect(reconciliation.row(Self.input(inventory: "399"), afterSale: nil).alerts.contains { $0.contains("not released") })
        #expect(reconciliation.row(Self.input(order: nil), afterSale: nil).alerts.contains { $0.contains("unmatched") })
    }

    @Test("totals by payment notice leave void bills out; by guarantor count everything")
    func totals() {
        var totals = TaxTotals()
        totals.add(reconciliation.row(Self.input(notice: "N1"), afterSale: nil))
        totals.add(reconciliation.row(Self.input(vat: "20.00", withheld: "20.00", notice: "N1"), afterSale: nil))
        totals.add(reconciliation.row(Self.input(vat: "5.00", withheld: "5.00", notice: "N2"), afterSale: nil))
        totals.add(reconciliation.row(Self.input(status: .void, notice: "N2"), afterSale: .ceb623))
        #expect(totals.byNotice["N1"]?.billed == Self.d("29.10"))
        #expect(totals.byNotice["N1"]?.bills == 2)
        #expect(totals.byNotice["N2"]?.billed == 5)
        #expect(totals.byGuarantor["G1"]?.bills == 4)
        #expect(totals.byGuarantor["G1"]?.withheld == Self.d("43.20"))
    }
}

/// The profile's `tax` section sets the thresholds; a misspelt key is refused like any other.
@Suite("Tax settings in the profile")
struct TaxSettingsProfileTests {
    static func profile(with tax: [String: Any]) throws -> URL {
        let example = Fixtures.checkout.appendingPathComponent("examples/swgate.json")
        var root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: example)) as? [String: Any])
        root["tax"] = tax
        // Relative paths in the example (keys) stay valid next to it.
        let url = example.deletingLastPathComponent().appendingPathComponent("tax-test-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: root).write(to: url)
        return url
    }

    @Test("tolerance and billWithinHours are read; defaults without them")
    func read() throws {
        let url = try Self.profile(with: ["tolerance": "0.5", "billWithinHours": 24])
        defer { try? FileManager.default.removeItem(at: url) }
        let profile = try EnterpriseProfile.load(contentsOf: url)
        #expect(profile.tax.tolerance == Decimal(string: "0.5"))
        #expect(profile.tax.billWithin == 24 * 3600)
        #expect(ProfileDefaults.tax(profileAt: url.path).tolerance == Decimal(string: "0.5"))
        #expect(ProfileDefaults.tax(profileAt: "/nonexistent").tolerance == Decimal(string: "0.01"))
    }

    @Test("an unknown key in tax is an error naming it")
    func unknownKey() throws {
        let url = try Self.profile(with: ["tolerence": "0.5"])
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: (any Error).self) { try EnterpriseProfile.load(contentsOf: url) }
    }
}

/// Tax answers are read whole or refused: nothing half-read reaches the ledger.
@Suite("Reading tax answers")
struct TaxBillReadingTests {
    static func bill(gcode: String = "3304990099", vat: String = "9.10", status: String = "1") -> Data {
        Data(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <ceb:CEB816Message guid="G" version="1.0" xmlns:ceb="http://www.chinaport.gov.cn/ceb">
            <ceb:Tax><ceb:TaxHeadRd><ceb:guid>G1</ceb:guid><ceb:returnTime>20261101000000000</ceb:returnTime><ceb:invtNo>I1</ceb:invtNo>
            <ceb:taxNo>T1</ceb:taxNo><ceb:customsTax>0</ceb:customsTax><ceb:valueAddedTax>\(vat)</ceb:valueAddedTax>
            <ceb:consumptionTax>0</ceb:consumptionTax><ceb:status>\(status)</ceb:status></ceb:TaxHeadRd>
            <ceb:TaxListRd><ceb:gnum>1</ceb:gnum><ceb:gcode>\(gcode)</ceb:gcode><ceb:taxPrice>100</ceb:taxPrice><ceb:customsTax>0</ceb:customsTax>
            <ceb:valueAddedTax>\(vat)</ceb:valueAddedTax><ceb:consumptionTax>0</ceb:consumptionTax></ceb:TaxListRd></ceb:Tax>
            </ceb:CEB816Message>
            """.utf8)
    }

    @Test("a bill is read with its lines")
    func read() throws {
        let folder = try Fixtures.temporaryDirectory("swgate-tax")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let intake = ReceiptIntake(store: try SQLOutbox(directory: folder.appendingPathComponent("outbox")))
        let answers = try intake.prepare(Self.bill(), source: "test")
        let bill = try #require(answers.first?.taxBill)
        #expect(bill.amounts?.valueAddedTax == Decimal(string: "9.10"))
        #expect(bill.lines.map(\.gcode) == ["3304990099"])
    }

    @Test(
        "a status out of 1–3, an amount that is not one, or an HS code with a separator refuse the receipt",
        arguments: [(gcode: "3304990099", vat: "9.10", status: "4"), ("3304990099", "nine", "1"), ("33|04\n99", "9.10", "1")])
    func refused(gcode: String, vat: String, status: String) throws {
        let folder = try Fixtures.temporaryDirectory("swgate-tax")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let intake = ReceiptIntake(store: try SQLOutbox(directory: folder.appendingPathComponent("outbox")))
        #expect(throws: ReceiptBoundsError.self) { try intake.prepare(Self.bill(gcode: gcode, vat: vat, status: status), source: "test") }
    }
}
