import CEBMessages
import Foundation
import SwgateTestSupport
import Testing
import XMLSupport

@Suite("Messages: parse and write")
struct MessageRoundTripTests {
    @Test("every official sample parses as its typed message", arguments: Fixtures.sampledTypes)
    func samplesParse(type: CEBMessageType) throws {
        let message = try AnyCEBMessage.parse(try Fixtures.sample(type))
        #expect(message.messageType == type)
        #expect(message.message.guid.count == 36)
    }

    @Test("write → parse → write is stable for every sampled message type", arguments: Fixtures.sampledTypes)
    func samplesRoundTrip(type: CEBMessageType) throws {
        let first = try AnyCEBMessage.parse(try Fixtures.sample(type))
        let written = first.message.xmlData()
        let second = try AnyCEBMessage.parse(written)
        #expect(second == first)
        #expect(second.message.xmlData() == written)
    }

    @Test("write → parse → write is stable for every declaration built in code")
    func builtRoundTrip() throws {
        for declaration in SampleDeclarations.all() {
            let written = declaration.xmlData()
            let reparsed = try AnyCEBMessage.parse(written)
            #expect(reparsed.message.xmlData() == written, "\(type(of: declaration).messageType.rawValue)")
        }
    }

    @Test(
        "attribute values are escaped where XML needs it, and plain ones are written as they are",
        arguments: [
            ("e3b0c442-98fc-1c14-9afb-f4c8996fb924", "e3b0c442-98fc-1c14-9afb-f4c8996fb924"),
            ("收件人 A&B", "收件人 A&amp;B"),
            ("say \"<hi>\"", "say &quot;&lt;hi>&quot;"),
            ("a\r\nb\tc", "a&#13;&#10;b&#9;c"),
            ("", ""),
        ])
    func attributeEscaping(value: String, written: String) throws {
        var output = ""
        XMLEscaping.appendAttribute(value, to: &output)
        #expect(output == written)
        var bytes = Array("<".utf8)
        XMLEscaping.appendAttribute(value, to: &bytes)
        #expect(bytes == Array(("<" + written).utf8))
        // What is written reads back as the value.
        let root = try XMLDocumentParser.parse(Data("<r a=\"\(output)\"/>".utf8))
        #expect(root.attribute("a") == value)
    }

    @Test(
        "text is escaped wherever the character stands — first, last, past the inline-string length, after CJK — and plain text is written as it is",
        arguments: [
            ("浙江省杭州市西湖区文三路100号", "浙江省杭州市西湖区文三路100号"),
            ("&", "&amp;"),
            ("<3", "&lt;3"),
            ("width 3>2", "width 3&gt;2"),
            ("a line long enough to be stored out of line\r", "a line long enough to be stored out of line&#13;"),
            ("文三路 A&B座", "文三路 A&amp;B座"),
            ("", ""),
        ])
    func textEscaping(text: String, written: String) throws {
        var output = ""
        XMLEscaping.appendText(text, to: &output)
        #expect(output == written)
        var bytes = Array("<".utf8)
        XMLEscaping.appendText(text, to: &bytes)
        #expect(bytes == Array(("<" + written).utf8))
        // A substring's copy and a string built piece by piece are scanned the same way.
        var assembled = ""
        for character in text { assembled.append(character) }
        var again = ""
        XMLEscaping.appendText(String(("#" + assembled).dropFirst()), to: &again)
        #expect(again == written)
        let root = try XMLDocumentParser.parse(Data("<r>\(output)</r>".utf8))
        #expect(root.text == text)
    }

    @Test("the writer uses the ceb: prefix with one namespace declaration and escapes text")
    func writerShape() throws {
        let xml = SampleDeclarations.order().xmlString()
        #expect(xml.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ceb:CEB311Message "))
        #expect(xml.components(separatedBy: "xmlns:ceb=").count == 2)
        #expect(!xml.contains("xmlns=\""))
        #expect(xml.contains("<ceb:consigneeAddress>浙江省杭州市西湖区文三路100号 A&amp;B座 &lt;3楼&gt;</ceb:consigneeAddress>"))
        #expect(xml.contains("<ceb:goodsValue>398.5</ceb:goodsValue>"))
        #expect(xml.contains("<ceb:discount>20</ceb:discount>"))
        // Absent optional fields are left out, not written empty.
        #expect(!xml.contains("<ceb:batchNumbers>"))
        let parsed = try CEB311Message.parse(Data(xml.utf8))
        #expect(parsed.orders[0].head.consigneeAddress == "浙江省杭州市西湖区文三路100号 A&B座 <3楼>")
        #expect(parsed.orders[0].lines.count == 2)
        #expect(parsed.orders[0].lines[1].itemNo == nil)
    }

    @Test("a signature and an empty optional element survive a round trip")
    func signatureKept() throws {
        let original = try CEB621Message.parse(try Fixtures.sample(.ceb621))
        #expect(original.signature?.child("SignedInfo")?.child("Reference")?.child("DigestValue")?.text == "SF/P+2sVsRQ9dJIqJSroW6ajb0Y=")
        #expect(original.inventories[0].head.preNo == "")
        let again = try CEB621Message.parse(original.xmlData())
        #expect(again.signature == original.signature)
        #expect(again.inventories[0].head.preNo == "")
    }

    @Test("typed parsing reports a missing field with its path")
    func missingFieldPath() throws {
        let xml = SampleDeclarations.payment().xmlString().replacingFirst("<ceb:amountPaid>422.94</ceb:amountPaid>", with: "")
        #expect(throws: CEBDecodingError.self) { try CEB411Message.parse(Data(xml.utf8)) }
        do {
            _ = try CEB411Message.parse(Data(xml.utf8))
        } catch {
            #expect(error.path == "Payment[1]/PaymentHead/amountPaid")
            #expect(error.reason == .missingField)
        }
    }

    @Test("a bad decimal is refused with the field named")
    func badDecimal() throws {
        let xml = SampleDeclarations.payment().xmlString().replacingFirst("422.94", with: "4,22")
        do {
            _ = try CEB411Message.parse(Data(xml.utf8))
            Issue.record("expected an error")
        } catch {
            #expect(error.reason == .invalidValue)
            #expect(error.path.hasSuffix("amountPaid"))
        }
    }

    @Test("the wrong message type is refused")
    func wrongType() throws {
        #expect(throws: CEBDecodingError.self) { try CEB311Message.parse(try Fixtures.sample(.ceb411)) }
    }
}
