import CEBMessages
import Foundation
@testable import Gateway
import Outbox
import Testing

/// The content hash decides whether a resubmitted document is "already there" or "changed"; it must
/// ignore the volatile appTime and nothing else, and stay the same from one swgate version to the next.
@Suite("Content hash of a document")
struct ContentHashTests {
    /// The content hash of a document's text, as submit takes it from the written bytes.
    static func hash(_ text: String) -> String { Submission.contentHash(Array(text.utf8)) }

    @Test("appTime elements are left out, everything else counts")
    func appTimeIgnored() {
        let a = "<ceb:X><ceb:appTime>20261125103000</ceb:appTime><ceb:orderNo>1</ceb:orderNo><ceb:appTime>1</ceb:appTime></ceb:X>"
        let b = "<ceb:X><ceb:appTime>20261126080000</ceb:appTime><ceb:orderNo>1</ceb:orderNo><ceb:appTime>2</ceb:appTime></ceb:X>"
        let c = "<ceb:X><ceb:appTime>20261125103000</ceb:appTime><ceb:orderNo>2</ceb:orderNo><ceb:appTime>1</ceb:appTime></ceb:X>"
        #expect(Self.hash(a) == Self.hash(b))
        #expect(Self.hash(a) != Self.hash(c))
        // The same bytes as hashing the text with the elements cut out, as every earlier version did.
        #expect(Self.hash(a) == SHA256.hex("<ceb:X><ceb:orderNo>1</ceb:orderNo></ceb:X>"))
        // An unclosed element is kept as it is; multi-byte text around it is untouched.
        #expect(Self.hash("<a>订单<ceb:appTime>1") == SHA256.hex("<a>订单<ceb:appTime>1"))
    }

    @Test("a send stamps every appTime value and changes nothing else")
    func stamping() {
        let xml = Data("<a><ceb:appTime>20261125103000</ceb:appTime>订单<ceb:appTime></ceb:appTime></a>".utf8)
        let stamped = String(decoding: AppTimeValues.apply("20261126080000", to: xml), as: UTF8.self)
        #expect(stamped == "<a><ceb:appTime>20261126080000</ceb:appTime>订单<ceb:appTime>20261126080000</ceb:appTime></a>")
        #expect(Self.hash(stamped) == Self.hash(String(decoding: xml, as: UTF8.self)))
    }

    /// The byte search against the plain definition: every `<ceb:appTime>` followed by a
    /// `</ceb:appTime>`, values between, found left to right without overlap.
    @Test(
        "appTime values are found wherever they lie",
        arguments: [
            "", "<ceb:appTime>", "</ceb:appTime>", "<ceb:appTime></ceb:appTime>", "<ceb:appTime>1</ceb:appTime>",
            "TTTT<ceb:appTime>T</ceb:appTime>TTTT", "<ceb:appTime><ceb:appTime>1</ceb:appTime></ceb:appTime>",
            "<ceb:appTimeX>1</ceb:appTime>", "x<ceb:appTime>2</ceb:appTim", "订单<ceb:appTime>订</ceb:appTime>单<ceb:appTime>3</ceb:appTime>",
        ])
    func valueRanges(text: String) {
        let bytes = Array(text.utf8)
        #expect(AppTimeValues.valueRanges(in: bytes) == Self.plainRanges(bytes), "\(text)")
    }

    static func plainRanges(_ bytes: [UInt8]) -> [Range<Int>] {
        let open = Array("<ceb:appTime>".utf8)
        let close = Array("</ceb:appTime>".utf8)
        func find(_ needle: [UInt8], from: Int) -> Int? {
            guard from <= bytes.count - needle.count else { return nil }
            return (from...(bytes.count - needle.count)).first { Array(bytes[$0..<($0 + needle.count)]) == needle }
        }
        var ranges: [Range<Int>] = []
        var position = 0
        while let start = find(open, from: position), let end = find(close, from: start + open.count) {
            ranges.append((start + open.count)..<end)
            position = end + close.count
        }
        return ranges
    }
}
