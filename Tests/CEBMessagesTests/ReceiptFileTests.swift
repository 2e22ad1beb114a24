import CEBMessages
import Foundation
import SwgateTestSupport
import Testing

@Suite("Receipt reading")
struct ReceiptFileTests {
    static let receiptTypes: [CEBMessageType] = [.ceb312, .ceb412, .ceb512, .ceb514, .ceb622, .ceb624, .ceb626, .ceb712]

    @Test("every official receipt sample is read, with all its return elements", arguments: receiptTypes)
    func officialSamples(type: CEBMessageType) throws {
        let data = try Fixtures.sample(type)
        let receipt = try ReceiptFile.read(data)
        #expect(receipt.messageType == type)
        let expected =
            String(decoding: data, as: UTF8.self).components(separatedBy: "<\(type.returnElementName ?? "?")>").count - 1
            + String(decoding: data, as: UTF8.self).components(separatedBy: "<ceb:\(type.returnElementName ?? "?")>").count - 1
        #expect(receipt.returns.count == expected)
        #expect(receipt.returns.allSatisfy { $0["returnStatus"] != nil && $0["guid"]?.count == 36 })
    }

    @Test("prefixed, default-namespace, BOM and CRLF forms read alike")
    func shapes() throws {
        let prefixed = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ceb:CEB622Message guid="4CDE1CFD-EDED-46B1-946C-B8022E42FC94" version="1.0" xmlns:ceb="http://www.chinaport.gov.cn/ceb">
            <ceb:InventoryReturn><ceb:guid>4CDE1CFD-EDED-46B1-946C-B8022E42FC94</ceb:guid><ceb:customsCode>2921</ceb:customsCode>\
            <ceb:copNo>COP1</ceb:copNo><ceb:preNo>B20261125000000001</ceb:preNo><ceb:invtNo>29212026I000000001</ceb:invtNo>\
            <ceb:returnStatus>800</ceb:returnStatus><ceb:returnTime>20261125103000123</ceb:returnTime><ceb:returnInfo>放行</ceb:returnInfo></ceb:InventoryReturn>
            </ceb:CEB622Message>
            """
        let defaultNamespace = prefixed.replacingOccurrences(of: "ceb:", with: "").replacingOccurrences(of: "xmlns:ceb=", with: "xmlns=")
        let bomCRLF = Data([0xEF, 0xBB, 0xBF]) + Data(defaultNamespace.replacingOccurrences(of: "\n", with: "\r\n").utf8)
        let noNamespace = defaultNamespace.replacingOccurrences(of: " xmlns=\"http://www.chinaport.gov.cn/ceb\"", with: "")
        for data in [Data(prefixed.utf8), Data(defaultNamespace.utf8), bomCRLF, Data(noNamespace.utf8)] {
            let receipt = try ReceiptFile.read(data)
            #expect(receipt.returns.count == 1)
            let answer = try #require(receipt.returns.first)
            #expect(answer["copNo"] == "COP1")
            #expect(answer["invtNo"] == "29212026I000000001")
            #expect(answer.statusCode == "800")
            #expect(answer.statusMeaning == "released")
        }
    }

    @Test("a DxpMsg-wrapped receipt is unwrapped and keeps its envelope header")
    func wrapped() throws {
        let receipt = CEB312Message(
            returns: [
                OrderReturn(
                    guid: CEBGuid.make(), ebpCode: "3301960XYZ", ebcCode: "3301960XYZ", orderNo: "HT1", returnStatus: "100",
                    returnTime: "20261125103000123", returnInfo: "[Code:1332;Desc:支付单支付金额与订单支付金额不一致]"),
                OrderReturn(
                    guid: CEBGuid.make(), ebpCode: "3301960XYZ", ebcCode: "3301960XYZ", orderNo: "HT2", returnStatus: "-301010",
                    returnTime: "20261125103000124", returnInfo: "已存在相同编号的订单"),
            ]
        )
        let envelope = DxpEnvelope.wrap(receipt, copMsgId: "RET-1", senderId: "DXPEDCCEB0000002", receiverIds: ["DXPENT0000000001"])
        let read = try ReceiptFile.read(envelope.xmlData())
        #expect(read.envelope?.copMsgId == "RET-1")
        #expect(read.returns.map(\.businessKey) == ["HT1", "HT2"])
        #expect(read.returns[0].statusMeaning == "rejected by customs")
        #expect(read.returns[1].statusMeaning == "error: an order with this number already exists")
    }

    @Test("tax bills and format-check receipts are read")
    func taxAndFormat() throws {
        let tax = CEB816Message(
            taxBills: [
                TaxBill(
                    head: TaxHeadRd(
                        guid: CEBGuid.make(), returnTime: "20261125103000123", invtNo: "29212026I000000001", taxNo: "T1", customsTax: 0,
                        valueAddedTax: Decimal(string: "23.52") ?? 0, consumptionTax: 0, status: "1"),
                    lines: [
                        TaxListRd(
                            gnum: 1, gcode: "1901101000", taxPrice: 258, customsTax: 0, valueAddedTax: Decimal(string: "23.52") ?? 0,
                            consumptionTax: 0)
                    ]
                )
            ]
        )
        let read = try ReceiptFile.read(tax.xmlData())
        #expect(read.returns.count == 1)
        #expect(read.returns[0]["invtNo"] == "29212026I000000001")
        #expect(read.returns[0].statusMeaning == "tax bill generated")

        let format = CEB900Message(
            messageReturn: MessageReturn(
                guid: CEBGuid.make(), returnStatus: "-1", returnInfo: "报文格式错误", returnTime: "20261125103000123", oriCopMsgId: "COP-9",
                oriMessageType: "CEB311Message", oriBizMessage: ""))
        let formatRead = try ReceiptFile.read(format.xmlData())
        #expect(formatRead.returns[0]["oriCopMsgId"] == "COP-9")
        #expect(formatRead.returns[0].statusMeaning.hasPrefix("message format check failed"))
    }

    @Test("unknown negative codes are still errors")
    func unknownNegative() {
        #expect(ReturnStatus.meaning(of: "-999999", for: .ceb622).hasPrefix("error:"))
        #expect(ReturnStatus.meaning(of: "-621055", for: .ceb622).contains("appTime"))
        #expect(ReturnStatus.meaning(of: "120", for: .ceb312) == "accepted by customs")
    }

    @Test("declarations, unknown roots, foreign namespaces and garbage are refused")
    func refusals() throws {
        #expect(throws: CEBDecodingError.self) { try ReceiptFile.read(try Fixtures.sample(.ceb311)) }
        #expect(throws: CEBDecodingError.self) { try ReceiptFile.read(Data("<CEB999Message guid=\"x\"/>".utf8)) }
        #expect(throws: CEBDecodingError.self) { try ReceiptFile.read(Data("<x:CEB312Message xmlns:x=\"urn:other\"/>".utf8)) }
        #expect(throws: CEBDecodingError.self) { try ReceiptFile.read(Data("not xml at all".utf8)) }
        #expect(throws: CEBDecodingError.self) {
            try ReceiptFile.read(Data("<CEB312Message xmlns=\"http://www.chinaport.gov.cn/ceb\" guid=\"x\"></CEB312Message>".utf8))
        }
    }
}
