import Foundation
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
}
