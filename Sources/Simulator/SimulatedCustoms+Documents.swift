import CEBMessages
import Foundation
import SchemaValidation
import Signing
import XMLSupport

/// How simulated customs answers each kind of declaration, stage by stage, as the single window would.
extension SimulatedCustoms {
    /// An order, payment or waybill: "declaring" (2) at once and accepted (120) a stage later, as
    /// the single window answers them; a number already declared (appType 1) gets customs'
    /// duplicate error at once and is not stored. `receipt(status, info)` builds the answer.
    private func acknowledge<Receipt: CEBMessage>(
        _ key: String, appType: String, duplicate error: (code: String, info: String), declaring: String, now: Date,
        receipt: (_ status: String, _ info: String) -> Receipt, store: () -> Void
    ) {
        if duplicate(key, appType: appType) {
            schedule(receipt(error.code, error.info), at: now)
            return
        }
        store()
        schedule(receipt(CustomsStatus.declaring, declaring), at: now)
        schedule(receipt(CustomsStatus.accepted, "[Code:1800;Desc:逻辑校验通过]"), at: now.addingTimeInterval(configuration.stageDelay))
    }

    func handleOrder(_ order: Order, now: Date) {
        let head = order.head
        let key = "\(head.ebpCode):\(head.orderNo)"
        acknowledge("311|\(key)", appType: head.appType, duplicate: ("-301010", "已存在相同编号的订单"), declaring: "新增申报成功[\(head.guid)]", now: now)
        { status, info in
            CEB312Message(returns: [
                OrderReturn(
                    guid: head.guid, ebpCode: head.ebpCode, ebcCode: head.ebcCode, orderNo: head.orderNo, returnStatus: status,
                    returnTime: CEBTime.returnTime(now),
                    returnInfo: info
                )
            ])
        } store: {
            orders[key] = StoredOrder(
                paid: head.acturalPaid, buyerName: head.buyerName, buyerID: head.buyerIdNumber, buyerPhone: head.buyerTelephone,
                goods: head.goodsValue, freight: head.freight, lines: order.lines.count
            )
        }
    }

    func handlePayment(_ payment: PaymentHead, now: Date) {
        let key = "\(payment.payCode):\(payment.payTransactionId)"
        acknowledge("411|\(key)", appType: payment.appType, duplicate: ("-401007", "已存在相同编号的支付单"), declaring: "新增申报成功", now: now) {
            status, info in
            CEB412Message(returns: [
                PaymentReturn(
                    guid: payment.guid, payCode: payment.payCode, payTransactionId: payment.payTransactionId, returnStatus: status,
                    returnTime: CEBTime.returnTime(now), returnInfo: info
                )
            ])
        } store: {
            payments["\(payment.ebpCode):\(payment.orderNo)"] = StoredPayment(
                amount: payment.amountPaid, payerName: payment.payerName, payerID: payment.payerIdNumber)
        }
    }

    func handleWaybill(_ waybill: LogisticsHead, now: Date) {
        let key = "\(waybill.logisticsCode):\(waybill.logisticsNo)"
        acknowledge("511|\(key)", appType: waybill.appType, duplicate: ("-504015", "已存在相同编号的运单"), declaring: "新增申报成功", now: now) {
            status, info in
            CEB512Message(returns: [
                LogisticsReturn(
                    guid: waybill.guid, logisticsCode: waybill.logisticsCode, logisticsNo: waybill.logisticsNo, returnStatus: status,
                    returnTime: CEBTime.returnTime(now), returnInfo: info
                )
            ])
        } store: {
            waybills.insert(key)
        }
    }

    /// The inventory: the three-document match, the quota only customs knows, then 2 → 120 → 399 → 800.
    func handleInventory(_ inventory: Inventory, signatureProblem: String?, now: Date) {
        let head = inventory.head
        let copNo = head.copNo ?? ""
        sequence += 1
        let preNo = "B" + CEBTime.date(now) + SimulatedCustoms.nineDigits(sequence)
        let invtNo = head.customsCode + String(CEBTime.date(now).prefix(4)) + "I" + SimulatedCustoms.nineDigits(sequence)
        var answer = InventoryReturn(
            guid: head.guid, customsCode: head.customsCode, ebpCode: head.ebpCode, ebcCode: head.ebcCode, agentCode: head.agentCode,
            copNo: copNo, preNo: preNo, returnStatus: "2", returnTime: CEBTime.returnTime(now), returnInfo: "清单新增申报成功"
        )
        func answerNow(_ status: String, _ info: String) {
            answer.returnStatus = status
            answer.returnInfo = info
            schedule(CEB622Message(returns: [answer]), at: now)
        }
        if let signatureProblem {
            answerNow("-621029", "验签失败！\(signatureProblem)")
            return
        }
        if duplicate("621|\(head.agentCode):\(copNo)", appType: head.appType) {
            answerNow("-621004", "清单[\(copNo)]已经申报过，请勿重复申报")
            return
        }
        let orderKey = "\(head.ebpCode):\(head.orderNo)"
        guard let order = orders[orderKey], let payment = payments[orderKey], waybills.contains("\(head.logisticsCode):\(head.logisticsNo)")
        else {
            answerNow("-621002", "四单回执解析失败，订单、支付单或运单不存在！")
            return
        }
        schedule(CEB622Message(returns: [answer]), at: now)
        var reason: String?
        if order.paid != payment.amount {
            reason = "[Code:1332;Desc:支付单支付金额与订单支付金额不一致],[OrderHead.acturalPaid:\(order.paid),PaymentHead.amountPaid\(payment.amount)]"
        } else if order.buyerName != payment.payerName || order.buyerID != payment.payerID {
            reason = "[Code:1327;Desc:订单购买人与支付单支付人名字或身份证号码不一致]"
        } else if order.buyerName != head.buyerName || order.buyerID != head.buyerIdNumber {
            reason = "[Code:13127;Desc:清单订购人和订单不一致，修改订购人后重新申报]"
        } else if order.lines != inventory.lines.count {
            reason = "[Code:1320;Desc:清单表体商品项与订单表体商品项的项数不一致]"
        } else {
            let used = configuration.usedQuota[head.buyerIdNumber] ?? 0
            let total = used + order.goods + order.freight
            if total > configuration.annualLimit {
                reason = "[Code:1313;Desc:订购人购买超过年度限额,超过个人年度购买额度;totalPrice：\(total) > limitPrice: \(configuration.annualLimit);]"
            }
        }
        let step = configuration.stageDelay
        if let reason {
            answer.returnStatus = "100"
            answer.returnInfo = reason
            answer.returnTime = CEBTime.returnTime(now.addingTimeInterval(step))
            schedule(CEB622Message(returns: [answer]), at: now.addingTimeInterval(step))
            return
        }
        answer.invtNo = invtNo
        for (index, stage) in [("120", "[Code:1800;Desc:逻辑校验通过]"), ("399", "[Code:2300;Desc:审核通过]"), ("800", "[Code:2600;Desc:放行]")]
            .enumerated()
        {
            let due = now.addingTimeInterval(step * Double(index + 1))
            answer.returnStatus = stage.0
            answer.returnInfo = stage.1
            answer.returnTime = CEBTime.returnTime(due)
            schedule(CEB622Message(returns: [answer]), at: due)
        }
        issueTaxBill(inventory, invtNo: invtNo, releasedAt: now.addingTimeInterval(step * 3))
    }

    nonisolated func signatureCheck(_ raw: Data) -> String? {
        guard !configuration.certificates.isEmpty else { return nil }
        for certificateData in configuration.certificates {
            guard let certificate = try? Certificate(bytes: certificateData) else { continue }
            if EnvelopedSignature.verify(raw, certificate: certificate).isValid { return nil }
        }
        return EnvelopedSignature.verify(raw).reason
    }

    func formatReceipt(copMsgId: String, type: String, code: String, info: String, now: Date) {
        let answer = MessageReturn(
            guid: CEBGuid.make(), returnStatus: code, returnInfo: info, returnTime: CEBTime.returnTime(now), oriCopMsgId: copMsgId,
            oriMessageType: String(type.prefix(15)), oriBizMessage: "")
        schedule(CEB900Message(messageReturn: answer), at: now)
    }
}
