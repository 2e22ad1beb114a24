import CEBMessages
import Foundation
import SchemaValidation
import SwgateTestSupport
import Testing

@Suite("DxpMsg envelope")
struct DxpEnvelopeTests {
    @Test("wrap → write → parse gives back the message bytes and the header")
    func roundTrip() throws {
        let order = SampleDeclarations.order()
        let created = Date(timeIntervalSince1970: 1_795_631_405)
        let envelope = DxpEnvelope.wrap(
            order, copMsgId: "COPMSG-1", senderId: "DXPENT0000000001", receiverIds: ["DXPEDCCEB0000002"], creatTime: created)
        let xml = envelope.xmlString()
        #expect(xml.contains("<dxp:CreatTime>2026-11-26T02:30:05</dxp:CreatTime>"))
        #expect(xml.contains("<dxp:MsgType>CEB311Message</dxp:MsgType>"))
        #expect(xml.contains("<dxp:FileName>CEB311Message_\(order.guid).xml</dxp:FileName>"))
        let parsed = try DxpEnvelope.parse(Data(xml.utf8))
        #expect(parsed.transInfo == envelope.transInfo)
        #expect(parsed.data == order.xmlData())
        #expect(try CEB311Message.parse(parsed.data) == order)
    }

    @Test("a wrapped message validates, envelope and content")
    func validates() throws {
        let validator = try SchemaValidator()
        let envelope = DxpEnvelope.wrap(SampleDeclarations.inventory(), senderId: "DXPENT0000000001", receiverIds: ["DXPEDCCEB0000002"])
        let result = validator.validate(envelope.xmlData())
        #expect(result.isValid, "\(result.issues)")
        #expect(result.rootName == "DxpMsg")
        #expect(result.innerRootName == "CEB621Message")
    }

    @Test("an envelope carrying an invalid message is invalid, and says where")
    func invalidContent() throws {
        let validator = try SchemaValidator()
        var payment = SampleDeclarations.payment()
        payment.payments[0].currency = "1420"
        let envelope = DxpEnvelope.wrap(payment, senderId: "DXPENT0000000001", receiverIds: ["DXPEDCCEB0000002"])
        let result = validator.validate(envelope.xmlData())
        #expect(!result.isValid)
        #expect(result.issues.contains { $0.message.contains("carried in Data") && $0.message.contains("currency") })
    }

    @Test("bad Base64 in Data is refused")
    func badBase64() throws {
        let xml = DxpEnvelope.wrap(SampleDeclarations.order(), senderId: "S", receiverIds: ["R"]).xmlString()
        let broken = xml.replacingOccurrences(
            of: #"<dxp:Data>[^<]*</dxp:Data>"#, with: "<dxp:Data>!!!</dxp:Data>", options: .regularExpression)
        #expect(throws: CEBDecodingError.self) { try DxpEnvelope.parse(Data(broken.utf8)) }
    }
}
