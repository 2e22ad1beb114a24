import CEBMessages
import Foundation
import SwgateTestSupport
import Testing

/// The finance team's month, through the CLI: the demo's bonded parcels billed by the simulator
/// reconcile to zero; a later bill of 10.00 more is that inventory's only mismatch; a summary
/// puts its payment notice on the row.
@Suite("swgate tax report and show")
struct TaxLedgerCommandTests {
    var profile: String { Fixtures.checkout.appendingPathComponent("examples/swgate.json").path }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("the demo reconciles to zero; a bill 10.00 over is the only mismatch; a CEB818 names its notice")
    func month() throws {
        let demo = try SwgateProcess.run(["demo"])
        #expect(demo.status == 0, "\(demo.stderr)")
        let outbox = try #require(
            demo.stdout.split(separator: "\n").first { $0.hasPrefix("outbox:") }.map {
                $0.dropFirst("outbox:".count).trimmingCharacters(in: .whitespaces)
            })
        defer { try? FileManager.default.removeItem(atPath: outbox) }
        #expect(demo.stdout.contains("tax bills: 23 for 23 released inventories"), "\(demo.stdout)")

        let clean = try SwgateProcess.run(["tax", "report", "--outbox", outbox, "--config", profile, "--json"])
        #expect(clean.status == 0, "\(clean.stderr)")
        let report = try Self.json(clean.stdout)
        let rows = try #require(report["rows"] as? [[String: Any]])
        #expect(rows.count == 23)
        #expect(rows.allSatisfy { $0["difference"] as? String == "0.00" && $0["mismatch"] as? Bool == false })
        #expect((report["all"] as? [String: Any])?["difference"] as? String == "0.00")
        #expect((report["missingBills"] as? [Any])?.isEmpty == true)

        // A later bill for one inventory, 10.00 more VAT than the order withheld.
        let target = try #require(rows.first)
        let invtNo = try #require(target["invtNo"] as? String)
        let withheldText = try #require(target["withheld"] as? String)
        let withheld = try #require(Decimal(string: withheldText))
        let folder = try Fixtures.temporaryDirectory()
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let later = CEBTime.returnTime(Date().addingTimeInterval(3600))
        let bill = CEB816Message(taxBills: [
            TaxBill(
                head: TaxHeadRd(
                    guid: CEBGuid.make(), returnTime: later, invtNo: invtNo, taxNo: "TX-RECHECK", customsTax: 0,
                    valueAddedTax: withheld + 10,
                    consumptionTax: 0, status: "1", assureCode: "3301960XYZ"),
                lines: [
                    TaxListRd(gnum: 1, gcode: "3304990099", taxPrice: 100, customsTax: 0, valueAddedTax: withheld + 10, consumptionTax: 0)
                ])
        ])
        let billFile = folder.appendingPathComponent("bill.xml")
        try bill.xmlData().write(to: billFile)
        #expect(try SwgateProcess.run(["receipts", "import", billFile.path, "--outbox", outbox]).status == 0)

        let mismatches = try SwgateProcess.run(["tax", "report", "--outbox", outbox, "--config", profile, "--mismatches", "--jsonl"])
        #expect(mismatches.status == 1, "a mismatch is exit status 1")
        let lines = mismatches.stdout.split(separator: "\n").map { try? Self.json(String($0)) }
        let mismatchRows = lines.compactMap { $0 }.filter { $0["invtNo"] != nil }
        #expect(mismatchRows.count == 1)
        #expect(mismatchRows.first?["invtNo"] as? String == invtNo)
        #expect(mismatchRows.first?["difference"] as? String == "10.00")
        #expect(mismatchRows.first?["mismatch"] as? Bool == true)

        // The summary into a payment notice.
        let summary = CEB818Message(taxStatuses: [
            TaxHeadStatus(
                guid: CEBGuid.make(), returnTime: CEBTime.returnTime(Date().addingTimeInterval(7200)), invtNo: invtNo, taxNo: "TX-RECHECK",
                status: "2", entDutyNo: "NOTICE-2026-11-A", assureCode: "3301960XYZ")
        ])
        let summaryFile = folder.appendingPathComponent("summary.xml")
        try summary.xmlData().write(to: summaryFile)
        #expect(try SwgateProcess.run(["receipts", "import", summaryFile.path, "--outbox", outbox]).status == 0)
        let show = try SwgateProcess.run(["tax", "show", invtNo, "--outbox", outbox, "--config", profile, "--json"])
        let shown = try Self.json(show.stdout)
        #expect(shown["entDutyNo"] as? String == "NOTICE-2026-11-A")
        #expect(shown["billStatus"] as? String == "summarised")
        #expect(shown["billed"] as? String == TaxRowOutputText.money(withheld + 10))

        let status = try Self.json(try SwgateProcess.run(["status", "--outbox", outbox, "--json"]).stdout)
        let ledger = try #require(status["taxBills"] as? [String: Any])
        #expect(ledger["mismatched"] as? Int == 1)
        #expect((ledger["billsByStatus"] as? [String: Int])?["summarised"] == 23)
    }
}

/// Two decimals, as the report writes amounts.
enum TaxRowOutputText {
    static func money(_ value: Decimal) -> String {
        var input = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &input, 2, .plain)
        let text = NSDecimalNumber(decimal: rounded).stringValue
        guard let dot = text.firstIndex(of: ".") else { return text + ".00" }
        return text.count - text.distance(from: text.startIndex, to: dot) == 2 ? text + "0" : text
    }
}
