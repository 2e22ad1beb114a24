import CEBMessages
import Foundation
import XMLSupport

/// A realistic import inventory for benchmarks: one parcel, `lines` goods lines, signed shape.
enum BenchmarkInventory {
    static func make(index: Int, lines: Int) -> CEB621Message {
        let orderNo = "BENCH\(String(format: "%010d", index))"
        let goods = (1...lines).map { gnum in
            InventoryList(
                gnum: gnum, itemRecordNo: "REC-\(gnum)", itemNo: "SKU-\(1000 + gnum)", itemName: "进口商品\(gnum)号", gcode: "3304990099",
                gname: "进口商品\(gnum)号", gmodel: "规格\(gnum) 50ml/瓶 品牌：示例", barCode: "69\(String(format: "%011d", gnum))",
                country: "116", tradeCountry: "116", currency: "142", qty: Decimal(gnum % 3 + 1), unit: "142",
                qty1: Decimal(string: "0.05") ?? 0, unit1: "035", price: Decimal(string: "19.9") ?? 0,
                totalPrice: (Decimal(string: "19.9") ?? 0) * Decimal(gnum % 3 + 1)
            )
        }
        let head = InventoryHead(
            guid: CEBGuid.stable("bench-head-\(index)"), appType: "1", appTime: "20261125103000", appStatus: "2", orderNo: orderNo,
            ebpCode: "3301960XYZ", ebpName: "杭州海淘优选电子商务有限公司", ebcCode: "3301960XYZ", ebcName: "杭州海淘优选电子商务有限公司",
            logisticsNo: "SD\(String(format: "%010d", index))", logisticsCode: "3301980LOG", logisticsName: "杭州速达国际物流有限公司",
            copNo: "C\(String(format: "%012d", index))", assureCode: "3301960XYZ", emsNo: "T2921W000001", ieFlag: "I", declTime: "20261125",
            customsCode: "2921", portCode: "2921", buyerIdType: "1", buyerIdNumber: "11010519491231002X", buyerName: "李娜",
            buyerTelephone: "13912345678", consigneeAddress: "浙江省杭州市西湖区文三路100号", agentCode: "3301960AGT", agentName: "杭州海关报关服务有限公司",
            areaCode: "3301960WHS", areaName: "杭州综保区仓储有限公司", tradeMode: "1210", trafMode: "Y", country: "116", freight: 0,
            insuredFee: 0, currency: "142", wrapType: "2", packNo: 1, grossWeight: Decimal(string: "1.5") ?? 0,
            netWeight: Decimal(string: "1.2") ?? 0
        )
        return CEB621Message(
            guid: CEBGuid.stable("bench-\(index)"),
            inventories: [Inventory(head: head, lines: goods)],
            baseTransfer: BaseTransfer(copCode: "3301960AGT", copName: "杭州海关报关服务有限公司", dxpMode: "DXP", dxpId: "DXPENT0000000001"),
            signature: signature
        )
    }

    /// The shape of a real RSA-SHA1 signature (values random but of realistic length).
    static let signature: XMLNode = {
        func ds(_ name: String, _ children: [XMLNode] = [], text: String = "", attributes: [XMLAttribute] = []) -> XMLNode {
            XMLNode(name: name, namespace: CEBNamespace.xmldsig, prefix: "ds", attributes: attributes, children: children, text: text)
        }
        func algorithm(_ uri: String) -> [XMLAttribute] { [XMLAttribute(name: "Algorithm", value: uri)] }
        let value = Data((0..<256).map { UInt8(truncatingIfNeeded: $0 &* 7) }).base64EncodedString()
        let certificate = Data((0..<900).map { UInt8(truncatingIfNeeded: $0 &* 13) }).base64EncodedString(options: .lineLength76Characters)
        return ds(
            "Signature",
            [
                ds(
                    "SignedInfo",
                    [
                        ds("CanonicalizationMethod", attributes: algorithm("http://www.w3.org/TR/2001/REC-xml-c14n-20010315")),
                        ds("SignatureMethod", attributes: algorithm("http://www.w3.org/2000/09/xmldsig#rsa-sha1")),
                        ds(
                            "Reference",
                            [
                                ds(
                                    "Transforms",
                                    [ds("Transform", attributes: algorithm("http://www.w3.org/2000/09/xmldsig#enveloped-signature"))]),
                                ds("DigestMethod", attributes: algorithm("http://www.w3.org/2000/09/xmldsig#sha1")),
                                ds("DigestValue", text: "2jmj7l5rSw0yVb/vlWAYkK/YBwk="),
                            ], attributes: [XMLAttribute(name: "URI", value: "")]),
                    ]),
                ds("SignatureValue", text: value),
                ds("KeyInfo", [ds("KeyName", text: "01691fe9"), ds("X509Data", [ds("X509Certificate", text: certificate)])]),
            ])
    }()
}
