import CEBMessages
import Foundation

/// Turns platform records into customs documents, filling every field customs requires from the
/// profile and from the parcel's other documents.
///
/// Derived amounts: a line total is price × quantity rounded half-up to the fen unless the record
/// states it; `goodsValue` is the sum of line totals; `acturalPaid` is goodsValue + freight +
/// tax − discount. All times are written in China time (UTC+8).
struct DocumentMapper {
    let profile: EnterpriseProfile
    /// `appTime` for every document of this run (stamped again at dispatch).
    let appTime: String
    /// Today in China, for `declTime`.
    let today: String

    init(profile: EnterpriseProfile, now: Date) {
        self.profile = profile
        appTime = CEBTime.appTime(now)
        today = CEBTime.date(now)
    }

    // MARK: order

    func lineTotal(_ item: OrderRecord.Item) -> Decimal {
        item.total ?? Money.round(item.price * item.quantity)
    }

    func goodsValue(_ order: OrderRecord) -> Decimal {
        order.goodsValue ?? order.items.reduce(Decimal(0)) { $0 + lineTotal($1) }
    }

    /// The dutiable value (完税价格) that both limits count: the goods at their retail price (the
    /// line totals, before any discount), plus freight and insurance. Tax is not part of it, and a
    /// discount does not reduce it (customs' own apportionment of discounts is not published, so
    /// swgate counts the larger, safer figure).
    func dutiableValue(_ order: OrderRecord, inventory: InventoryRecord, waybill: WaybillRecord?) -> Decimal {
        goodsValue(order) + order.freight + (inventory.insuredFee ?? waybill?.insuredFee ?? 0)
    }

    func paid(_ order: OrderRecord) -> Decimal {
        order.paid ?? (goodsValue(order) + order.freight + order.tax - order.discount)
    }

    func order(_ record: OrderRecord, payment: PaymentRecord?, label: String) -> ConvertedDocument {
        let provider = record.paymentProvider ?? payment?.provider
        let payer = provider.flatMap { profile.paymentCompanies[$0] }
        let key = "\(profile.platform.code):\(record.orderNo)"
        let guid = CEBGuid.stable("CEB311|\(key)")
        let head = OrderHead(
            guid: guid, appType: "1", appTime: appTime, appStatus: profile.appStatus, orderType: "I", orderNo: record.orderNo,
            ebpCode: profile.platform.code, ebpName: profile.platform.name, ebcCode: profile.ecommerce.code,
            ebcName: profile.ecommerce.name,
            goodsValue: goodsValue(record), freight: record.freight, discount: record.discount, taxTotal: record.tax,
            acturalPaid: paid(record),
            currency: "142", buyerRegNo: record.buyer.account ?? record.buyer.phone ?? record.buyer.name,
            buyerName: TextNormalisation.canonical(record.buyer.name),
            buyerTelephone: record.buyer.phone ?? "", buyerIdType: "1", buyerIdNumber: record.buyer.idNumber.uppercased(),
            payCode: payer?.code, payName: payer?.name, payTransactionId: record.paymentTransactionId ?? payment?.transactionId,
            batchNumbers: record.batchNumbers, consignee: TextNormalisation.canonical(record.consignee.name),
            consigneeTelephone: TextNormalisation.canonical(record.consignee.phone),
            consigneeAddress: TextNormalisation.canonical(record.consignee.address),
            consigneeDistrict: record.consignee.district, note: record.note
        )
        let lines = record.items.enumerated().map { index, item in
            OrderList(
                gnum: index + 1, itemNo: item.sku, itemName: item.name, gmodel: item.spec, itemDescribe: item.description,
                barCode: item.barcode,
                unit: item.unit, qty: item.quantity, price: item.price, totalPrice: lineTotal(item), currency: "142", country: item.origin,
                note: item.note
            )
        }
        var document = ConvertedDocument(
            messageType: .ceb311, businessKey: key, orderNo: record.orderNo, guid: guid, record: label,
            body: .order(Order(head: head, lines: lines)))
        let goods = record.items.map { PlatformFacts.Goods(gname: $0.name, itemLink: $0.link ?? "") }
        let paymentKey = head.payCode.flatMap { code in head.payTransactionId.map { "\(code):\($0)" } } ?? ""
        document.platformFacts = PlatformFacts(order: .init(goods: goods, seller: record.seller), paymentKey: paymentKey)
        return document
    }

    // MARK: payment

    func payment(_ record: PaymentRecord, company: Enterprise, label: String) -> ConvertedDocument {
        let key = "\(company.code):\(record.transactionId)"
        let guid = CEBGuid.stable("CEB411|\(key)")
        let head = PaymentHead(
            guid: guid, appType: "1", appTime: appTime, appStatus: profile.appStatus, payCode: company.code, payName: company.name,
            payTransactionId: record.transactionId, orderNo: record.orderNo, ebpCode: profile.platform.code, ebpName: profile.platform.name,
            payerIdType: "1", payerIdNumber: record.payer.idNumber.uppercased(), payerName: TextNormalisation.canonical(record.payer.name),
            telephone: record.payer.phone, amountPaid: record.amount, currency: "142", payTime: CEBTime.appTime(record.paidAt),
            note: record.note
        )
        var document = ConvertedDocument(
            messageType: .ceb411, businessKey: key, orderNo: record.orderNo, guid: guid, record: label, body: .payment(head))
        if let exchange = record.exchange {
            let payment = PlatformFacts.Payment(
                exchange: exchange, payCode: company.code, payTransactionId: record.transactionId, ebpCode: profile.platform.code,
                totalAmount: Money.text(record.amount), currency: "142", tradingTime: head.payTime, note: record.note)
            document.platformFacts = PlatformFacts(payment: payment, paymentKey: key)
        }
        return document
    }

    // MARK: waybill

    func waybill(_ record: WaybillRecord, carrier: Enterprise, order: OrderRecord?, label: String) -> ConvertedDocument {
        let key = "\(carrier.code):\(record.waybillNo)"
        let guid = CEBGuid.stable("CEB511|\(key)")
        let consignee = record.consignee ?? order?.consignee
        let head = LogisticsHead(
            guid: guid, appType: "1", appTime: appTime, appStatus: profile.appStatus, logisticsCode: carrier.code,
            logisticsName: carrier.name,
            logisticsNo: record.waybillNo, billNo: record.billNo, orderNo: record.orderNo, freight: record.freight ?? order?.freight ?? 0,
            insuredFee: record.insuredFee ?? 0, currency: "142", weight: record.weight, packNo: 1,
            goodsInfo: record.goodsInfo ?? goodsInfo(order),
            consignee: TextNormalisation.canonical(consignee?.name ?? ""),
            consigneeAddress: TextNormalisation.canonical(consignee?.address ?? ""),
            consigneeTelephone: TextNormalisation.canonical(consignee?.phone ?? ""), note: record.note
        )
        return ConvertedDocument(
            messageType: .ceb511, businessKey: key, orderNo: record.orderNo, guid: guid, record: label, body: .waybill(head))
    }

    private func goodsInfo(_ order: OrderRecord?) -> String? {
        guard let order else { return nil }
        let text = order.items.map { "\($0.name)×\(CEBDecimal.string($0.quantity))" }.joined(separator: "，")
        return String(text.prefix(200))
    }

    // MARK: inventory

    /// The copNo of an inventory and of its cancellation or return: the record's, or one derived
    /// from the e-commerce enterprise and the order, so that the same order always gets the same
    /// number and an after-sale record without one names the inventory it follows.
    func copNo(given: String?, orderNo: String) -> String {
        given ?? ("SW" + CEBGuid.stable("copNo|\(profile.ecommerce.code)|\(orderNo)").filter(\.isHexDigit).prefix(18))
    }

    func tradeMode(_ record: InventoryRecord) -> String {
        record.tradeMode ?? profile.defaultTradeMode
    }

    func inventory(
        _ record: InventoryRecord,
        order: OrderRecord,
        waybill: WaybillRecord,
        carrier: Enterprise,
        label: String
    ) -> ConvertedDocument {
        let cop = copNo(given: record.copNo, orderNo: order.orderNo)
        let key = "\(profile.agent.code):\(cop)"
        let guid = CEBGuid.stable("CEB621|\(key)")
        let mode = tradeMode(record)
        let bonded = mode == "1210"
        let buyer = order.buyer
        let head = InventoryHead(
            guid: guid, appType: "1", appTime: appTime, appStatus: profile.appStatus, orderNo: order.orderNo,
            ebpCode: profile.platform.code, ebpName: profile.platform.name, ebcCode: profile.ecommerce.code,
            ebcName: profile.ecommerce.name,
            logisticsNo: waybill.waybillNo, logisticsCode: carrier.code, logisticsName: carrier.name, copNo: cop,
            assureCode: profile.guarantor, emsNo: bonded ? (record.emsNo ?? profile.emsNo) : record.emsNo, ieFlag: "I",
            declTime: record.declaredOn ?? today, customsCode: profile.customsOffice, portCode: profile.port, ieDate: record.importedOn,
            buyerIdType: "1", buyerIdNumber: buyer.idNumber.uppercased(), buyerName: TextNormalisation.canonical(buyer.name),
            buyerTelephone: buyer.phone ?? "", consigneeAddress: TextNormalisation.canonical(order.consignee.address),
            agentCode: profile.agent.code, agentName: profile.agent.name,
            areaCode: bonded ? profile.area?.code : nil, areaName: bonded ? profile.area?.name : nil,
            tradeMode: mode, trafMode: record.transport.mode ?? profile.defaultTransportMode,
            trafNo: record.transport.vehicle, voyageNo: record.transport.voyage, billNo: record.transport.billNo ?? waybill.billNo,
            loctNo: record.loctNo, licenseNo: record.licenseNo,
            country: bonded ? "142" : (record.departureCountry ?? ""),
            freight: order.freight, insuredFee: record.insuredFee ?? waybill.insuredFee ?? 0, currency: "142",
            wrapType: record.wrapType ?? profile.defaultWrapType, packNo: 1,
            grossWeight: record.grossWeight ?? waybill.weight, netWeight: record.netWeight, note: record.note
        )
        let lines = record.items.enumerated().map { index, item -> InventoryList in
            let gnum = item.gnum ?? (index + 1)
            let orderItem = order.items.indices.contains(gnum - 1) ? order.items[gnum - 1] : nil
            let quantity = item.quantity ?? orderItem?.quantity ?? 0
            let price = item.price ?? orderItem?.price ?? 0
            let total = orderItem.map(lineTotal) ?? Money.round(price * quantity)
            let sku = orderItem?.sku.flatMap { $0.count <= 20 ? $0 : nil }
            return InventoryList(
                gnum: gnum, itemRecordNo: item.itemRecordNo, itemNo: sku, itemName: orderItem?.name, gcode: item.hsCode,
                gname: item.name ?? orderItem?.name ?? "", gmodel: item.spec ?? orderItem?.spec ?? "", barCode: orderItem?.barcode,
                country: orderItem?.origin ?? "", tradeCountry: item.tradeCountry, currency: "142", qty: quantity,
                unit: item.unit ?? orderItem?.unit ?? "", qty1: item.legalQuantity, unit1: item.legalUnit, qty2: item.secondQuantity,
                unit2: item.secondQuantity == nil ? nil : (item.secondUnit ?? bookItem(item, emsNo: record.emsNo)?.secondUnit),
                price: price, totalPrice: total, note: item.note
            )
        }
        return ConvertedDocument(
            messageType: .ceb621, businessKey: key, orderNo: order.orderNo, guid: guid, record: label,
            body: .inventory(Inventory(head: head, lines: lines)))
    }

    /// The account-book entry of a bonded inventory line, when the profile holds the book.
    func bookItem(_ item: InventoryRecord.Item, emsNo: String?) -> AccountBookItem? {
        guard let record = item.itemRecordNo, let ems = emsNo ?? profile.emsNo else { return nil }
        return profile.accountBook?["\(ems)|\(record)"]
    }

    // MARK: after-sale

    func cancellation(_ record: CancellationRecord, carrier: Enterprise, label: String) -> ConvertedDocument {
        let cop = copNo(given: record.copNo, orderNo: record.orderNo)
        let key = "\(profile.agent.code):\(record.invtNo)"
        let guid = CEBGuid.stable("CEB623|\(key)")
        let body = InvtCancel(
            guid: guid, appType: "1", appTime: appTime, appStatus: profile.appStatus, customsCode: profile.customsOffice,
            orderNo: record.orderNo,
            ebpCode: profile.platform.code, ebpName: profile.platform.name, ebcCode: profile.ecommerce.code,
            ebcName: profile.ecommerce.name,
            logisticsNo: record.waybillNo, logisticsCode: carrier.code, logisticsName: carrier.name, copNo: cop, preNo: record.preNo,
            invtNo: record.invtNo, buyerIdType: "1", buyerIdNumber: record.buyer.idNumber.uppercased(),
            buyerName: TextNormalisation.canonical(record.buyer.name),
            buyerTelephone: record.buyer.phone ?? "", agentCode: profile.agent.code, agentName: profile.agent.name, reason: record.reason,
            note: record.note
        )
        return ConvertedDocument(
            messageType: .ceb623, businessKey: key, orderNo: record.orderNo, guid: guid, record: label, body: .cancellation(body))
    }

    func refund(_ record: ReturnRecord, carrier: Enterprise, label: String) -> ConvertedDocument {
        let cop = copNo(given: record.copNo, orderNo: record.orderNo)
        let key = "\(profile.agent.code):\(record.invtNo)"
        let guid = CEBGuid.stable("CEB625|\(key)")
        let head = InvtRefundHead(
            guid: guid, appType: "1", appTime: appTime, appStatus: profile.appStatus, customsCode: profile.customsOffice,
            orderNo: record.orderNo,
            ebpCode: profile.platform.code, ebpName: profile.platform.name, ebcCode: profile.ecommerce.code,
            ebcName: profile.ecommerce.name,
            logisticsNo: record.waybillNo, logisticsCode: carrier.code, logisticsName: carrier.name, copNo: cop, preNo: record.preNo,
            invtNo: record.invtNo, buyerIdType: "1", buyerIdNumber: record.buyer.idNumber.uppercased(),
            buyerName: TextNormalisation.canonical(record.buyer.name),
            buyerTelephone: record.buyer.phone ?? "", agentCode: profile.agent.code, agentName: profile.agent.name, reason: record.reason,
            note: record.note
        )
        let lines = record.items.map {
            InvtRefundList(gnum: $0.gnum, gcode: $0.hsCode, gname: $0.name, qty: $0.quantity, unit: $0.unit, note: $0.note)
        }
        return ConvertedDocument(
            messageType: .ceb625, businessKey: key, orderNo: record.orderNo, guid: guid, record: label,
            body: .refund(InvtRefund(head: head, lines: lines)))
    }

    // MARK: carriers and supervised sites

    /// CEB513: one per waybill (customs takes one status, signed for).
    func waybillStatus(_ record: WaybillStatusRecord, carrier: Enterprise, label: String) -> ConvertedDocument {
        let key = "\(carrier.code):\(record.waybillNo)"
        let guid = CEBGuid.stable("CEB513|\(key)")
        let body = LogisticsStatus(
            guid: guid, appType: "1", appTime: appTime, appStatus: profile.appStatus, logisticsCode: carrier.code,
            logisticsName: carrier.name,
            logisticsNo: record.waybillNo, logisticsStatus: record.status, logisticsTime: CEBTime.appTime(record.time), note: record.note
        )
        return ConvertedDocument(messageType: .ceb513, businessKey: key, orderNo: "", guid: guid, record: label, body: .waybillStatus(body))
    }

    /// CEB711: the entry list of one transport at a supervised site; `copNo` from the record or
    /// derived from its bill and waybills (the same record gives the same number).
    func delivery(_ record: DeliveryRecord, carrier: Enterprise, site: Enterprise, label: String) -> ConvertedDocument {
        let cop =
            record.copNo
            ?? ("SWD"
                + CEBGuid.stable("delivery|\(site.code)|\(record.billNo)|\(record.waybills.joined(separator: ","))").filter(\.isHexDigit)
                .prefix(17))
        let key = "\(site.code):\(cop)"
        let guid = CEBGuid.stable("CEB711|\(key)")
        let head = DeliveryHead(
            guid: guid, appType: "1", appTime: appTime, appStatus: profile.appStatus, customsCode: profile.customsOffice, copNo: cop,
            preNo: nil,
            rkdNo: nil, operatorCode: site.code, operatorName: site.name, ieFlag: "I", trafMode: record.transportMode,
            trafNo: record.vehicle,
            voyageNo: record.voyage, billNo: record.billNo, logisticsCode: carrier.code, logisticsName: carrier.name,
            unloadLocation: record.unloadLocation, note: record.note
        )
        let lines = record.waybills.enumerated().map { DeliveryList(gnum: $0.offset + 1, logisticsNo: $0.element, note: nil) }
        return ConvertedDocument(
            messageType: .ceb711, businessKey: key, orderNo: "", guid: guid, record: label,
            body: .delivery(Delivery(head: head, lines: lines)))
    }
}
