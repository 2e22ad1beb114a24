import Adapters
import Foundation
import Testing

/// The stored form of an order's or a payment's announcement-179 facts: written by hand, read
/// back by `JSONDecoder`, and the same text `JSONEncoder` with sorted keys writes.
@Suite struct PlatformFactsStoredTests {
    static let seller = SellerRecord(account: "6222 0000 1111", code: "91330100MA2XXXXX0X", name: "杭州某某贸易有限公司")
    static let exchange = PaymentExchange(request: "{\"a\": \"b/c\"}", response: "ok\nline \\ two", verDept: "3", payType: "1")

    static let cases: [PlatformFacts] = [
        PlatformFacts(
            order: .init(goods: [.init(gname: "婴儿奶粉 900g", itemLink: "https://shop.example.com/item/1?x=1&y=\"2\"")], seller: seller),
            paymentKey: "PAY:T1"),
        PlatformFacts(order: .init(goods: [], seller: SellerRecord(account: "A", name: "Seller")), paymentKey: "PAY:T2"),
        PlatformFacts(
            order: .init(goods: [.init(gname: "a", itemLink: "b"), .init(gname: "c", itemLink: "d")], seller: nil), paymentKey: ""),
        PlatformFacts(
            payment: .init(
                exchange: exchange, payCode: "312226T001", payTransactionId: "T3", ebpCode: "3301", totalAmount: "129.25", currency: "142",
                tradingTime: "20261206120000", note: "备注"),
            paymentKey: "312226T001:T3"),
        PlatformFacts(
            payment: .init(
                exchange: PaymentExchange(request: "r", response: "s", verDept: "1"), payCode: "P", payTransactionId: "T4", ebpCode: "E",
                totalAmount: "1", currency: "142", tradingTime: "20261206120000", note: nil),
            paymentKey: "P:T4"),
        PlatformFacts(paymentKey: "none"),
    ]

    @Test(arguments: cases)
    func readsBackAsWritten(_ facts: PlatformFacts) throws {
        #expect(PlatformFacts.parse(facts.json) == facts)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        #expect(facts.json == String(decoding: try encoder.encode(facts), as: UTF8.self))
    }

    @Test func controlCharactersReadBack() {
        let facts = PlatformFacts(order: .init(goods: [.init(gname: "a\u{01}b\u{1F}\t", itemLink: "\r")], seller: nil), paymentKey: "k")
        #expect(PlatformFacts.parse(facts.json) == facts)
    }
}
