import CEBMessages
import Foundation

/// One bonded-import parcel, built from typed values, for the demo.
enum DemoParcel {
    static let platform = (code: "3301960XYZ", name: "杭州海淘优选电子商务有限公司")
    static let payer = (code: "3120960ABC", name: "上海付通支付有限公司")
    static let carrier = (code: "3301980LOG", name: "杭州速达国际物流有限公司")
    static let agent = (code: "3301960AGT", name: "杭州海关报关服务有限公司")

    static func make(orderNo: String, at date: Date) -> [(CEBMessageType, Data)] {
        let appTime = CEBTime.appTime(date)
        let transfer = BaseTransfer(copCode: platform.code, copName: platform.name, dxpMode: "DXP", dxpId: "DXPENT0000000001")
        let buyer = (name: "王小明", id: "11010519491231002X", phone: "13800138000")
        let address = "浙江省杭州市西湖区文三路100号"
        let logisticsNo = "SD" + orderNo.filter(\.isNumber)
        let order = CEB311Message(
            orders: [
                Order(
                    head: OrderHead(
                        guid: CEBGuid.make(), appType: "1", appTime: appTime, appStatus: "2", orderType: "I", orderNo: orderNo,
                        ebpCode: platform.code, ebpName: platform.name, ebcCode: platform.code, ebcName: platform.name,
                        goodsValue: Decimal(string: "258.00") ?? 0, freight: 0, discount: 0, taxTotal: Decimal(string: "23.48") ?? 0,
                        acturalPaid: Decimal(string: "281.48") ?? 0, currency: "142", buyerRegNo: "buyer-1001", buyerName: buyer.name,
                        buyerTelephone: buyer.phone, buyerIdType: "1", buyerIdNumber: buyer.id, payCode: payer.code, payName: payer.name,
                        payTransactionId: "PAY" + orderNo, consignee: buyer.name, consigneeTelephone: buyer.phone, consigneeAddress: address
                    ),
                    lines: [
                        OrderList(gnum: 1, itemNo: "SKU-1001", itemName: "婴儿配方奶粉", gmodel: "900克/罐", unit: "122", qty: 2, price: 129, totalPrice: 258, currency: "142", country: "303")
                    ]
                )
            ],
            baseTransfer: transfer
        )
        let payment = CEB411Message(
            payments: [
                PaymentHead(
                    guid: CEBGuid.make(), appType: "1", appTime: appTime, appStatus: "2", payCode: payer.code, payName: payer.name,
                    payTransactionId: "PAY" + orderNo, orderNo: orderNo, ebpCode: platform.code, ebpName: platform.name,
                    payerIdType: "1", payerIdNumber: buyer.id, payerName: buyer.name, telephone: buyer.phone,
                    amountPaid: Decimal(string: "281.48") ?? 0, currency: "142", payTime: appTime
                )
            ],
            baseTransfer: transfer
        )
        let waybill = CEB511Message(
            waybills: [
                LogisticsHead(
                    guid: CEBGuid.make(), appType: "1", appTime: appTime, appStatus: "2", logisticsCode: carrier.code, logisticsName: carrier.name,
                    logisticsNo: logisticsNo, orderNo: orderNo, freight: 0, insuredFee: 0, currency: "142", weight: Decimal(string: "2.1") ?? 0, packNo: 1,
                    consignee: buyer.name, consigneeAddress: address, consigneeTelephone: buyer.phone
                )
            ],
            baseTransfer: transfer
        )
        let inventory = CEB621Message(
            inventories: [
                Inventory(
                    head: InventoryHead(
                        guid: CEBGuid.make(), appType: "1", appTime: appTime, appStatus: "2", orderNo: orderNo,
                        ebpCode: platform.code, ebpName: platform.name, ebcCode: platform.code, ebcName: platform.name,
                        logisticsNo: logisticsNo, logisticsCode: carrier.code, logisticsName: carrier.name, copNo: "COP" + orderNo.filter(\.isNumber),
                        assureCode: platform.code, emsNo: "T2921W000001", ieFlag: "I", declTime: CEBTime.date(date), customsCode: "2921", portCode: "2921",
                        buyerIdType: "1", buyerIdNumber: buyer.id, buyerName: buyer.name, buyerTelephone: buyer.phone, consigneeAddress: address,
                        agentCode: agent.code, agentName: agent.name, areaCode: "3301960WHS", areaName: "杭州综保区仓储有限公司",
                        tradeMode: "1210", trafMode: "Y", country: "303", freight: 0, insuredFee: 0, currency: "142", packNo: 1,
                        grossWeight: Decimal(string: "2.1") ?? 0, netWeight: Decimal(string: "1.8") ?? 0
                    ),
                    lines: [
                        InventoryList(
                            gnum: 1, itemRecordNo: "REC-1001", itemNo: "SKU-1001", itemName: "婴儿配方奶粉", gcode: "1901101000", gname: "婴儿配方奶粉",
                            gmodel: "900克/罐", country: "303", currency: "142", qty: 2, unit: "122", qty1: Decimal(string: "1.8") ?? 0, unit1: "035",
                            price: 129, totalPrice: 258
                        )
                    ]
                )
            ],
            baseTransfer: transfer,
            signature: DemoSignature.placeholder
        )
        return [
            (.ceb311, order.xmlData()), (.ceb411, payment.xmlData()), (.ceb511, waybill.xmlData()), (.ceb621, inventory.xmlData()),
        ]
    }

    static func receipt(orderNo: String) -> Data {
        let receipt = CEB312Message(
            returns: [
                OrderReturn(
                    guid: CEBGuid.make(), ebpCode: platform.code, ebcCode: platform.code, orderNo: orderNo, returnStatus: "120",
                    returnTime: CEBTime.returnTime(Date()), returnInfo: "[Code:1800;Desc:逻辑校验通过]"
                )
            ]
        )
        return receipt.xmlData()
    }
}
