import CEBMessages
import Foundation
import SwgateTestSupport
import Testing
import XMLSupport

/// Inputs that make an XML parser do more work than their size suggests are refused before parsing.
@Suite("Structural bounds before parsing")
struct ParseBoundsTests {
    static func receipt(rootAttributes: String = "", inner: String = "") -> Data {
        Data(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <ceb:CEB312Message xmlns:ceb="http://www.chinaport.gov.cn/ceb" guid="4CDE1CFD-EDED-46B1-946C-B8022E42FC94" version="1.0"\(rootAttributes)>
            <ceb:OrderReturn><ceb:guid>4CDE1CFD-EDED-46B1-946C-B8022E42FC94</ceb:guid><ceb:ebpCode>3301960XYZ</ceb:ebpCode><ceb:ebcCode>3301960XYZ</ceb:ebcCode>
            <ceb:orderNo>HT1</ceb:orderNo><ceb:returnStatus>120</ceb:returnStatus><ceb:returnTime>20261125103000000</ceb:returnTime><ceb:returnInfo>ok\(inner)</ceb:returnInfo></ceb:OrderReturn>
            </ceb:CEB312Message>
            """.utf8
        )
    }

    static let hostile: [(String, Data)] = [
        ("100,000 attributes", receipt(rootAttributes: (0..<100_000).map { " a\($0)=\"x\"" }.joined())),
        ("100,000 namespaces", receipt(rootAttributes: (0..<100_000).map { " xmlns:n\($0)=\"urn:\($0)\"" }.joined())),
        (
            "namespaces spread over 10,000 elements",
            receipt(inner: String(repeating: "<b xmlns:p=\"urn:x\" xmlns:q=\"urn:y\"/>", count: 10_000))
        ),
        ("100,000 levels deep", receipt(inner: String(repeating: "<d>", count: 100_000) + String(repeating: "</d>", count: 100_000))),
        ("a 13 MiB text", receipt(inner: String(repeating: "x", count: 13 * 1024 * 1024))),
    ]

    @Test("refused or read in well under a second, by every reader", arguments: 0..<hostile.count)
    func refusedFast(index: Int) throws {
        let (name, data) = Self.hostile[index]
        let started = ContinuousClock.now
        #expect(throws: (any Error).self, "\(name)") { _ = try ReceiptFile.read(data) }
        #expect(throws: (any Error).self, "\(name)") { _ = try XMLDocumentParser.parse(data) }
        #expect(throws: (any Error).self, "\(name)") { _ = try AnyCEBMessage.parse(data) }
        #expect(ContinuousClock.now - started < .seconds(1), "\(name)")
        do {
            _ = try XMLDocumentParser.parse(data)
        } catch {
            #expect(error.reason == .overLimit || error.reason == .tooLarge(limit: XMLParseLimits.default.maxBytes), "\(name): \(error)")
            #expect(error.message.contains("refused before parsing"), "\(name): \(error.message)")
        }
    }

    @Test("a DxpMsg wrapping a hostile receipt is refused at the inner parse too")
    func wrapped() throws {
        let inner = Self.receipt(rootAttributes: (0..<5_000).map { " a\($0)=\"x\"" }.joined())
        let envelope = """
            <?xml version="1.0" encoding="UTF-8"?>
            <dxp:DxpMsg xmlns:dxp="http://www.chinaport.gov.cn/dxp" ver="1.0"><dxp:TransInfo><dxp:CopMsgId>1</dxp:CopMsgId><dxp:SenderId>A</dxp:SenderId>\
            <dxp:ReceiverIds><dxp:ReceiverId>B</dxp:ReceiverId></dxp:ReceiverIds><dxp:CreatTime>2026-11-25T10:00:00</dxp:CreatTime><dxp:MsgType>CEB312Message</dxp:MsgType></dxp:TransInfo>\
            <dxp:Data>\(inner.base64EncodedString())</dxp:Data></dxp:DxpMsg>
            """
        #expect(throws: (any Error).self) { _ = try ReceiptFile.read(Data(envelope.utf8)) }
    }

    @Test(
        "a declared encoding is ignored: EBCDIC cannot smuggle a DOCTYPE past the checks, and an ASCII body declared UTF-16 reads as UTF-8")
    func declaredEncoding() throws {
        // `<?xml … encoding="IBM037"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x a="1">&e;</x>` in EBCDIC (cp037).
        let hex =
            "4c6fa7949340a58599a28996957e7ff14bf07f4085958396848995877e7fc9c2d4f0f3f77f6f6e4c5ac4d6c3e3e8d7c540a740ba4c5ac5d5e3c9e3e8408540e2e8e2e3c5d4407f868993857a61616185a383619781a2a2a6847f6ebb6e4ca740817e7ff17f6e50855e4c61a76e"
        var bytes = [UInt8]()
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(try #require(UInt8(hex[index..<next], radix: 16)))
            index = next
        }
        do {
            let root = try XMLDocumentParser.parse(Data(bytes))
            Issue.record("EBCDIC was parsed into \(root.name)")
        } catch {
            #expect(error.reason == .malformed || error.reason == .doctypeNotAllowed, "\(error)")
        }
        let declared = Data(
            String(decoding: Self.receipt(), as: UTF8.self).replacingOccurrences(of: "encoding=\"UTF-8\"", with: "encoding=\"UTF-16\"").utf8
        )
        #expect(try ReceiptFile.read(declared).returns.count == 1)
    }

    @Test("the limits leave every real shape alone: the official samples, quoted '>' and '<' in text")
    func realShapesPass() throws {
        for type in Fixtures.sampledTypes {
            _ = try XMLDocumentParser.parse(try Fixtures.sample(type))
        }
        let tricky = Self.receipt(rootAttributes: " note=\"a > b\"", inner: " a &gt; b &lt; c <![CDATA[ x < y > z ]]> <!-- < > -->")
        #expect(try ReceiptFile.read(tricky).returns.count == 1)
    }
}
