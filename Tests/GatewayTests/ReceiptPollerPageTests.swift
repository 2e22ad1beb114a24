import CEBMessages
import Foundation
import Outbox
import SwgateTestSupport
import Testing

@testable import Gateway

/// A polled page is read item by item: a malformed item is skipped, never the whole page.
@Suite("Receipt poll pages")
struct ReceiptPollerPageTests {
    @Test("items without a usable id or receipt are kept empty there, the rest as sent")
    func lenientItems() throws {
        let body = #"{"receipts": [{"id": 1, "xml": "QQ=="}, {"id": "7", "xml": "QQ=="}, {"xml": 5}, {"id": 2, "extra": true}]}"#
        let items = try #require(ReceiptPoller.page(Data(body.utf8)))
        #expect(items.map(\.id) == [1, nil, nil, 2])
        #expect(items.map(\.xml) == ["QQ==", "QQ==", nil, nil])
    }

    @Test("a body that is not a page of receipts is refused", arguments: ["[]", #"{"receipts": 3}"#, "not json", "", #"{"other": []}"#])
    func notAPage(body: String) {
        #expect(ReceiptPoller.page(Data(body.utf8)) == nil)
    }

    /// The page is read from its bytes; any JSON around what is read is taken as JSON is:
    /// members in any order, whitespace, escapes, values of other kinds skipped.
    @Test(
        "pages are read as JSON, whatever surrounds the ids and receipts",
        arguments: [
            (#"{"receipts": []}"#, []),
            ("{\n\t\"receipts\":\r\n[ ]\n}\n", []),
            (#" { "receipts" : [ { "xml" : "QQ==" , "id" : 3 } ] } "#, [ReceiptPoller.Page.Item(id: 3, xml: "QQ==")]),
            (
                #"{"other": {"a": [1, {"b": null}], "c": "}"}, "receipts": [{"id": -2, "xml": "a\/b+", "n": [true, false, -1.5e3]}]}"#,
                [ReceiptPoller.Page.Item(id: -2, xml: "a/b+")]
            ),
            (
                #"{"receipts": [{"id": 1.5, "xml": "\u0041\"B"}, {}]}"#,
                [ReceiptPoller.Page.Item(id: nil, xml: "A\"B"), .init(id: nil, xml: nil)]
            ),
            (#"{"receipts": [{"id": 12345678901234567890, "xml": null}]}"#, [ReceiptPoller.Page.Item(id: nil, xml: nil)]),
        ] as [(String, [ReceiptPoller.Page.Item])])
    func readsJSON(body: String, expected: [ReceiptPoller.Page.Item]) throws {
        #expect(ReceiptPoller.page(Data(body.utf8)) == expected)
    }

    @Test(
        "a malformed page is no page",
        arguments: [
            #"{"receipts": [{"id": 1,}]}"#, #"{"receipts": [1]}"#, #"{"receipts": [{"id": 1}]"#, #"{"receipts": []} x"#,
            #"{"receipts": [{"id": 1, "xml": "QQ==}]}"#, #"{"receipts": [{"id": 1, "xml": "Q\#nQ=="}]}"#, #"{"receipts": [{"id": tru}]}"#,
            #"{"receipts": [{"id": 1, "n": nan}]}"#, #"{"receipts": [{"id": 1, "n": -inf}]}"#,
            #"{"receipts": [{"id": 1, "xml": "a\/b\#tc"}]}"#,
            #"{"deep": "# + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + #", "receipts": []}"#,
        ])
    func malformed(body: String) {
        #expect(ReceiptPoller.page(Data(body.utf8)) == nil)
    }

    /// A page large enough to be read on several threads: each item's result is its own, in its
    /// place — nothing for an item without an id or Base64, a refusal for what is not a receipt.
    @Test("a large page is read on several threads, each result in its item's place")
    func readsInPlace() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let intake = ReceiptIntake(store: try SQLOutbox(directory: folder.appendingPathComponent("outbox")), archive: false)
        let receipt = try Fixtures.sample(.ceb312).base64EncodedString()
        let garbage = Data("<not a receipt".utf8).base64EncodedString()
        let items = (0..<(ReceiptPoller.minimumPerSlice * 8)).map { index -> ReceiptPoller.Page.Item in
            switch index % 4 {
            case 0: ReceiptPoller.Page.Item(id: index, xml: receipt)
            case 1: ReceiptPoller.Page.Item(id: index, xml: garbage)
            case 2: ReceiptPoller.Page.Item(id: nil, xml: receipt)
            default: ReceiptPoller.Page.Item(id: index, xml: "%%% not Base64")
            }
        }
        let read = ReceiptPoller.read(items, intake: intake, source: "test")
        #expect(read.count == items.count)
        for (index, result) in read.enumerated() {
            switch (index % 4, result) {
            case (0, .success(let answers)?): #expect(answers.first?.receiptType == .ceb312)
            case (1, .failure?), (2, nil), (3, nil): break
            default: Issue.record("item \(index): \(String(describing: result))")
            }
        }
    }
}
