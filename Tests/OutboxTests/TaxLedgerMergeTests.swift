import Foundation
import Outbox
import Testing

/// Which bill and which status the ledger keeps, whatever order customs' answers arrive in.
@Suite("Tax ledger: the latest bill, the furthest status")
struct TaxLedgerMergeTests {
    static func bill(_ time: String, vat: Decimal, status: TaxBillStatus = .generated, notice: String? = nil) -> TaxBillEntry {
        TaxBillEntry(
            invtNo: "I1", taxNo: "T-\(time)", returnTime: time, status: status, entDutyNo: notice, assureCode: "G",
            amounts: TaxAmounts(customsTax: 0, valueAddedTax: vat, consumptionTax: 0),
            lines: [
                TaxBillLine(gnum: 1, gcode: "x", taxPrice: 100, amounts: TaxAmounts(customsTax: 0, valueAddedTax: vat, consumptionTax: 0))
            ])
    }

    static func status(_ time: String, _ status: TaxBillStatus, notice: String? = nil) -> TaxBillEntry {
        TaxBillEntry(invtNo: "I1", taxNo: "T", returnTime: time, status: status, entDutyNo: notice)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var entries: [TaxBillEntry]
        var vat: Decimal?
        var status: TaxBillStatus
        var notice: String?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "a bill alone", entries: [bill("20261101000000000", vat: 9)], vat: 9, status: .generated),
        Case(
            name: "a later bill replaces the amounts", entries: [bill("20261101000000000", vat: 9), bill("20261102000000000", vat: 19)],
            vat: 19,
            status: .generated),
        Case(
            name: "an older bill arriving late does not", entries: [bill("20261102000000000", vat: 19), bill("20261101000000000", vat: 9)],
            vat: 19, status: .generated),
        Case(
            name: "a status before its bill: the bill's amounts, the status kept",
            entries: [status("20261103000000000", .summarised, notice: "N1"), bill("20261101000000000", vat: 9)], vat: 9,
            status: .summarised, notice: "N1"),
        Case(
            name: "void never goes back to summarised",
            entries: [
                bill("20261101000000000", vat: 9), status("20261105000000000", .void),
                status("20261104000000000", .summarised, notice: "N1"),
            ],
            vat: 9, status: .void, notice: "N1"),
        Case(
            name: "1 → 2 → 3 in order",
            entries: [
                bill("20261101000000000", vat: 9), status("20261102000000000", .summarised, notice: "N2"),
                status("20261103000000000", .void),
            ],
            vat: 9, status: .void, notice: "N2"),
        Case(
            name: "a later bill without a notice keeps the notice",
            entries: [bill("20261101000000000", vat: 9, status: .summarised, notice: "N3"), bill("20261102000000000", vat: 10)], vat: 10,
            status: .summarised, notice: "N3"),
        Case(name: "a status alone has no amounts", entries: [status("20261101000000000", .generated)], vat: nil, status: .generated),
    ]

    @Test("merge", arguments: cases)
    func merge(_ c: Case) {
        var row: TaxLedgerRow?
        for entry in c.entries { row = TaxLedgerRow.merge(row, entry) }
        #expect(row?.amounts?.valueAddedTax == c.vat)
        #expect(row?.status == c.status)
        #expect(row?.entDutyNo == c.notice)
    }

    @Test("the month is the bill's, else the status's")
    func month() {
        #expect(TaxLedgerRow.merge(nil, Self.bill("20261130235959000", vat: 1)).month == "202611")
        #expect(TaxLedgerRow.merge(nil, Self.status("20261201000000000", .generated)).month == "202612")
    }
}
