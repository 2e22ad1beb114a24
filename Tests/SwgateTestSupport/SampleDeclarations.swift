public import CEBMessages
import Foundation
public import XMLSupport

/// One realistic, schema-valid instance of every declaration type, built from typed values.
///
/// Values are chosen to exercise the writer: Chinese text, an ampersand and angle brackets that
/// must be escaped, decimals with and without fractions, optional fields present and absent.
public enum SampleDeclarations {
    public static let appTime = "20261125103000"
    static let transfer = BaseTransfer(copCode: "3301960XYZ", copName: "杭州海淘优选电子商务有限公司", dxpMode: "DXP", dxpId: "DXPENT0000000001")

    public static func all() -> [any CEBDeclaration] {
        [order(), payment(), waybill(), waybillStatus(), inventory(), cancellation(), refund(), delivery()]
    }

    public static func order() -> CEB311Message {
        CEB311Message(
            guid: "A1B2C3D4-0000-4000-8000-000000000311",
            orders: [
                Order(
                    head: OrderHead(
                        guid: "A1B2C3D4-0000-4000-8000-000000000001", appType: "1", appTime: appTime, appStatus: "2", orderType: "I",
                        orderNo: "HT20261125000001", ebpCode: "3301960XYZ", ebpName: "杭州海淘优选电子商务有限公司", ebcCode: "3301960XYZ",
                        ebcName: "杭州海淘优选电子商务有限公司", goodsValue: dec("398.5"), freight: dec("10"), discount: dec("20.00"),
                        taxTotal: dec("34.44"), acturalPaid: dec("422.94"), currency: "142", buyerRegNo: "u_10086", buyerName: "李娜",
                        buyerTelephone: "13912345678", buyerIdType: "1", buyerIdNumber: "11010519491231002X", payCode: "3120960ABC",
                        payName: "上海付通支付有限公司", payTransactionId: "P2026112500000001", consignee: "李娜", consigneeTelephone: "13912345678",
                        consigneeAddress: "浙江省杭州市西湖区文三路100号 A&B座 <3楼>", consigneeDistrict: "330106", note: "促销 & 满减"
                    ),
                    lines: [
                        OrderList(
                            gnum: 1, itemNo: "SKU-1", itemName: "婴儿配方奶粉", gmodel: "900克/罐", unit: "122", qty: dec("2"),
                            price: dec("129.25"), totalPrice: dec("258.5"), currency: "142", country: "303"),
                        OrderList(
                            gnum: 2, itemName: "维生素软糖", gmodel: "60粒/瓶", barCode: "9300000000001", unit: "142", qty: dec("1"),
                            price: dec("140"), totalPrice: dec("140"), currency: "142", country: "601"),
                    ]
                )
            ],
            baseTransfer: transfer
        )
    }

    public static func payment() -> CEB411Message {
        CEB411Message(
            guid: "A1B2C3D4-0000-4000-8000-000000000411",
            payments: [
                PaymentHead(
                    guid: "A1B2C3D4-0000-4000-8000-000000000002", appType: "1", appTime: appTime, appStatus: "2", payCode: "3120960ABC",
                    payName: "上海付通支付有限公司", payTransactionId: "P2026112500000001", orderNo: "HT20261125000001", ebpCode: "3301960XYZ",
                    ebpName: "杭州海淘优选电子商务有限公司", payerIdType: "1", payerIdNumber: "11010519491231002X", payerName: "李娜",
                    telephone: "13912345678", amountPaid: dec("422.94"), currency: "142", payTime: "20261125101500"
                )
            ],
            baseTransfer: transfer
        )
    }

    public static func waybill() -> CEB511Message {
        CEB511Message(
            guid: "A1B2C3D4-0000-4000-8000-000000000511",
            waybills: [
                LogisticsHead(
                    guid: "A1B2C3D4-0000-4000-8000-000000000003", appType: "1", appTime: appTime, appStatus: "2",
                    logisticsCode: "3301980LOG",
                    logisticsName: "杭州速达国际物流有限公司", logisticsNo: "SD1000000001", orderNo: "HT20261125000001", freight: dec("10"),
                    insuredFee: dec("0"), currency: "142", weight: dec("2.35"), packNo: 1, goodsInfo: "奶粉2罐 软糖1瓶", consignee: "李娜",
                    consigneeAddress: "浙江省杭州市西湖区文三路100号 A&B座 <3楼>", consigneeTelephone: "13912345678"
                )
            ],
            baseTransfer: transfer
        )
    }

    public static func waybillStatus() -> CEB513Message {
        CEB513Message(
            guid: "A1B2C3D4-0000-4000-8000-000000000513",
            statuses: [
                LogisticsStatus(
                    guid: "A1B2C3D4-0000-4000-8000-000000000004", appType: "1", appTime: appTime, appStatus: "2",
                    logisticsCode: "3301980LOG",
                    logisticsName: "杭州速达国际物流有限公司", logisticsNo: "SD1000000001", logisticsStatus: "S", logisticsTime: "20261127153000"
                )
            ],
            baseTransfer: transfer
        )
    }

    public static func inventory() -> CEB621Message {
        CEB621Message(
            guid: "A1B2C3D4-0000-4000-8000-000000000621",
            inventories: [
                Inventory(
                    head: InventoryHead(
                        guid: "A1B2C3D4-0000-4000-8000-000000000005", appType: "1", appTime: appTime, appStatus: "2",
                        orderNo: "HT20261125000001",
                        ebpCode: "3301960XYZ", ebpName: "杭州海淘优选电子商务有限公司", ebcCode: "3301960XYZ", ebcName: "杭州海淘优选电子商务有限公司",
                        logisticsNo: "SD1000000001", logisticsCode: "3301980LOG", logisticsName: "杭州速达国际物流有限公司", copNo: "COP20261125000001",
                        assureCode: "3301960XYZ", emsNo: "T2921W000001", ieFlag: "I", declTime: "20261125", customsCode: "2921",
                        portCode: "2921",
                        buyerIdType: "1", buyerIdNumber: "11010519491231002X", buyerName: "李娜", buyerTelephone: "13912345678",
                        consigneeAddress: "浙江省杭州市西湖区文三路100号 A&B座 <3楼>", agentCode: "3301960AGT", agentName: "杭州海关报关服务有限公司",
                        areaCode: "3301960WHS", areaName: "杭州综保区仓储有限公司", tradeMode: "1210", trafMode: "Y", country: "303",
                        freight: dec("10"), insuredFee: dec("0"), currency: "142", wrapType: "2", packNo: 1, grossWeight: dec("2.35"),
                        netWeight: dec("2.1")
                    ),
                    lines: [
                        InventoryList(
                            gnum: 1, itemRecordNo: "REC-1", itemNo: "SKU-1", itemName: "婴儿配方奶粉", gcode: "1901101000", gname: "婴儿配方奶粉",
                            gmodel: "900克/罐", country: "303", currency: "142", qty: dec("2"), unit: "122", qty1: dec("1.8"), unit1: "035",
                            price: dec("129.25"), totalPrice: dec("258.5")),
                        InventoryList(
                            gnum: 2, itemRecordNo: "REC-2", gcode: "2106909090", gname: "维生素软糖", gmodel: "60粒/瓶", country: "601",
                            tradeCountry: "601", currency: "142", qty: dec("1"), unit: "142", qty1: dec("0.3"), unit1: "035",
                            qty2: dec("60"), unit2: "007", price: dec("140"), totalPrice: dec("140")),
                    ]
                )
            ],
            baseTransfer: transfer,
            signature: placeholderSignature()
        )
    }

    public static func cancellation() -> CEB623Message {
        CEB623Message(
            guid: "A1B2C3D4-0000-4000-8000-000000000623",
            cancellations: [
                InvtCancel(
                    guid: "A1B2C3D4-0000-4000-8000-000000000006", appType: "1", appTime: appTime, appStatus: "2", customsCode: "2921",
                    orderNo: "HT20261125000001", ebpCode: "3301960XYZ", ebpName: "杭州海淘优选电子商务有限公司", ebcCode: "3301960XYZ",
                    ebcName: "杭州海淘优选电子商务有限公司", logisticsNo: "SD1000000001", logisticsCode: "3301980LOG", logisticsName: "杭州速达国际物流有限公司",
                    copNo: "COP20261125000001", preNo: "B20261125000000001", invtNo: "29212026I000000001", buyerIdType: "1",
                    buyerIdNumber: "11010519491231002X", buyerName: "李娜", buyerTelephone: "13912345678", agentCode: "3301960AGT",
                    agentName: "杭州海关报关服务有限公司", reason: "买家取消订单"
                )
            ],
            baseTransfer: transfer,
            signature: placeholderSignature()
        )
    }

    public static func refund() -> CEB625Message {
        CEB625Message(
            guid: "A1B2C3D4-0000-4000-8000-000000000625",
            refunds: [
                InvtRefund(
                    head: InvtRefundHead(
                        guid: "A1B2C3D4-0000-4000-8000-000000000007", appType: "1", appTime: appTime, appStatus: "2", customsCode: "2921",
                        orderNo: "HT20261125000001", ebpCode: "3301960XYZ", ebpName: "杭州海淘优选电子商务有限公司", ebcCode: "3301960XYZ",
                        ebcName: "杭州海淘优选电子商务有限公司", logisticsNo: "SD1000000001", logisticsCode: "3301980LOG",
                        logisticsName: "杭州速达国际物流有限公司", copNo: "COP20261125000001", preNo: "B20261125000000001",
                        invtNo: "29212026I000000001", buyerIdType: "1", buyerIdNumber: "11010519491231002X", buyerName: "李娜",
                        buyerTelephone: "13912345678", agentCode: "3301960AGT", agentName: "杭州海关报关服务有限公司", reason: "商品破损退货"
                    ),
                    lines: [InvtRefundList(gnum: 1, gcode: "1901101000", gname: "婴儿配方奶粉", qty: dec("1"), unit: "122")]
                )
            ],
            baseTransfer: transfer,
            signature: placeholderSignature()
        )
    }

    public static func delivery() -> CEB711Message {
        CEB711Message(
            guid: "A1B2C3D4-0000-4000-8000-000000000711",
            delivery: Delivery(
                head: DeliveryHead(
                    guid: "A1B2C3D4-0000-4000-8000-000000000008", appType: "1", appTime: appTime, appStatus: "2", customsCode: "2921",
                    copNo: "RK20261125000001", operatorCode: "3301960OPR", operatorName: "杭州空港监管场所有限公司", ieFlag: "I", trafMode: "5",
                    trafNo: "CA1234", voyageNo: "CA1234-20261125", billNo: "999-12345678", logisticsCode: "3301980LOG",
                    logisticsName: "杭州速达国际物流有限公司", unloadLocation: "杭州萧山国际机场"
                ),
                lines: [DeliveryList(gnum: 1, logisticsNo: "SD1000000001"), DeliveryList(gnum: 2, logisticsNo: "SD1000000002", note: "")]
            ),
            baseTransfer: transfer
        ).withSignature(placeholderSignature())
    }

    /// A structurally complete `ds:Signature` with dummy values (schema-valid, not verifiable).
    public static func placeholderSignature() -> XMLNode {
        func ds(_ name: String, _ children: [XMLNode] = [], text: String = "", attributes: [XMLAttribute] = []) -> XMLNode {
            XMLNode(name: name, namespace: CEBNamespace.xmldsig, prefix: "ds", attributes: attributes, children: children, text: text)
        }
        func algorithm(_ uri: String) -> [XMLAttribute] { [XMLAttribute(name: "Algorithm", value: uri)] }
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
                ds("SignatureValue", text: "c2lnbmF0dXJl"),
                ds("KeyInfo", [ds("KeyName", text: "0001"), ds("X509Data", [ds("X509Certificate", text: "Y2VydGlmaWNhdGU=")])]),
            ])
    }

    static func dec(_ text: String) -> Decimal {
        Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) ?? 0
    }
}

extension CEB711Message {
    func withSignature(_ signature: XMLNode) -> CEB711Message {
        var copy = self
        copy.signature = signature
        return copy
    }
}
