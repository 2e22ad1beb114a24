import CEBMessages
import Foundation
@testable import Outbox
import Testing

/// The ledger as the receipt transaction writes it: every tax answer of a page merged into its
/// inventory's row in memory and the rows written together must leave what merging the answers
/// one by one leaves (``TaxLedgerRow/merge(_:_:)``), on both engines, amounts exact to the digit.
@Suite("Tax ledger in the outbox (SQLite and PostgreSQL)")
struct TaxLedgerStoreTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)

    static func amount(_ text: String) -> Decimal { Decimal(string: text) ?? 0 }

    static func bill(_ invtNo: String, at time: String, vat: String, lines: Int = 2) -> TaxBillEntry {
        TaxBillEntry(
            invtNo: invtNo, taxNo: "TX" + invtNo, returnTime: time, status: .generated, entDutyNo: nil, assureCode: "ASSURE01",
            amounts: TaxAmounts(customsTax: 0, valueAddedTax: amount(vat), consumptionTax: amount("0.000001")),
            lines: (1...lines).map { gnum in
                TaxBillLine(
                    gnum: gnum, gcode: "33049900\(gnum)", taxPrice: amount("123456789012.5"),
                    amounts: TaxAmounts(customsTax: 0, valueAddedTax: amount("1.23"), consumptionTax: amount("12345678901234567890.123")))
            })
    }

    static func status(_ invtNo: String, _ status: TaxBillStatus, at time: String) -> TaxBillEntry {
        TaxBillEntry(invtNo: invtNo, taxNo: "TX" + invtNo, returnTime: time, status: status, entDutyNo: "ED1", assureCode: nil)
    }

    static func receipt(_ entry: TaxBillEntry) -> IncomingReceipt {
        var receipt = IncomingReceipt(
            contentHash: "tax-\(entry.invtNo)-\(entry.returnTime)-\(entry.status.rawValue)",
            receiptType: entry.amounts == nil ? .ceb818 : .ceb816, status: String(entry.status.rawValue), info: "", guid: nil,
            lookupKeys: [], preNo: nil, invtNo: entry.invtNo, source: "test", rawSHA256: "x", fieldsJSON: "{}")
        receipt.returnTime = entry.returnTime
        receipt.taxBill = entry
        return receipt
    }

    @Test("answers applied a page at a time leave each row as merging them one by one does", arguments: OutboxEngine.available)
    func pagesMergeAsOneByOne(engine: OutboxEngine) throws {
        let pages: [[TaxBillEntry]] = [
            [
                Self.bill("INV1", at: "20261207100000000", vat: "12.50"),
                Self.status("INV1", .summarised, at: "20261207100000100"),
                // A status before its bill, and a bill then a later bill in one page.
                Self.status("INV2", .summarised, at: "20261207100000200"),
                Self.bill("INV3", at: "20261207100000000", vat: "3.1"),
                Self.bill("INV3", at: "20261207100000300", vat: "3.25", lines: 1),
            ],
            [
                Self.bill("INV2", at: "20261207100000400", vat: "7.0000001"),
                Self.status("INV1", .void, at: "20261207100000500"),
                // An earlier bill arriving late is not the one kept; a late "generated" undoes nothing.
                Self.bill("INV3", at: "20261207100000100", vat: "99"),
                Self.status("INV1", .generated, at: "20261207100000600"),
            ],
        ]
        var expected: [String: TaxLedgerRow] = [:]
        for entry in pages.joined() { expected[entry.invtNo] = TaxLedgerRow.merge(expected[entry.invtNo], entry) }
        try SQLOutboxTests().withOutbox(engine) { store, _ in
            for page in pages { _ = try store.apply(page.map(Self.receipt), acceptanceRank: CustomsStatus.rank("120"), now: Self.now) }
            let stored = try store.taxReportPage(month: nil, after: "", limit: 100)
            #expect(stored.map(\.bill.invtNo) == ["INV1", "INV2", "INV3"])
            for input in stored {
                #expect(input.bill == expected[input.bill.invtNo], "\(input.bill.invtNo)")
            }
            let first = try #require(stored.first?.bill)
            #expect(first.status == .void && first.amounts?.valueAddedTax == Self.amount("12.50"))
            #expect(first.lines.first?.amounts.consumptionTax == Self.amount("12345678901234567890.123"))
        }
    }

    @Test(
        "amounts are written as text that reads back to the same value",
        arguments: ["0", "12.5", "12.50", "0.000001", "-3.10", "123456789012345678901234.5", "1E3"])
    func exactText(text: String) throws {
        let value = try #require(Decimal(string: text))
        let written = CEBDecimal.exactString(value)
        #expect(CEBDecimal.value(written) == value, "\(text) → \(written)")
    }
}
