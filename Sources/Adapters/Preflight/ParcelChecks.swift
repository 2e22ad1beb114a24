import CEBMessages
import Foundation

/// The per-parcel rules: what customs' three-document (four with the inventory) match and its
/// field checks would reject, caught here before anything is queued.
struct ParcelChecks {
    let profile: EnterpriseProfile
    let mapper: DocumentMapper
    let log: IssueLog

    func check(_ parcel: ParcelRecord) {
        let record = parcel.label
        let path = parcel.path
        func at(_ suffix: String) -> String { path.isEmpty ? suffix : "\(path).\(suffix)" }

        if let order = parcel.order {
            checkID(order.buyer.idNumber, record: record, path: at("order.buyer.idNumber"))
            checkAmounts(order, record: record, path: at("order"))
        }
        if let payment = parcel.payment {
            checkID(payment.payer.idNumber, record: record, path: at("payment.payer.idNumber"))
            if profile.paymentCompanies[payment.provider] == nil {
                log.report(
                    "profile.unknown-payment-company", record: record, path: at("payment.provider"),
                    unknown("payment company", payment.provider, in: profile.paymentCompanies))
            }
        }
        if let waybill = parcel.waybill, profile.carriers[waybill.carrier] == nil {
            log.report(
                "profile.unknown-carrier", record: record, path: at("waybill.carrier"),
                unknown("carrier", waybill.carrier, in: profile.carriers))
        }
        if let order = parcel.order, let provider = order.paymentProvider, profile.paymentCompanies[provider] == nil {
            log.report(
                "profile.unknown-payment-company", record: record, path: at("order.payment.provider"),
                unknown("payment company", provider, in: profile.paymentCompanies))
        }
        if let order = parcel.order, let payment = parcel.payment {
            checkOrderAgainstPayment(order, payment, record: record, at: at)
        }
        if let order = parcel.order, let waybill = parcel.waybill {
            checkConsignee(order, waybill, record: record, at: at)
        }
        PlausibilityChecks(log: log, now: Date()).check(parcel, at: at)
        if let order = parcel.order, let waybill = parcel.waybill, order.orderNo != waybill.orderNo {
            log.report(
                "waybill.one-per-order", record: record, path: at("waybill.orderNo"),
                "the waybill is for order \(waybill.orderNo), but the parcel's order is \(order.orderNo)")
        }
        if let order = parcel.order, let payment = parcel.payment, order.orderNo != payment.orderNo {
            log.report(
                "order.paid-matches-payment", record: record, path: at("payment.orderNo"),
                "the payment is for order \(payment.orderNo), but the parcel's order is \(order.orderNo)")
        }
        if let inventory = parcel.inventory {
            checkInventory(inventory, parcel: parcel, record: record, at: at)
        }
    }

    private func unknown(_ what: String, _ key: String, in table: [String: Enterprise]) -> String {
        let known = table.keys.sorted().joined(separator: ", ")
        return
            "'\(key)' is not a \(what) of the profile (known: \(known.isEmpty ? "none" : known)); add it under the profile's \(what == "carrier" ? "carriers" : "paymentCompanies")"
    }

    func checkID(_ number: String, record: String, path: String) {
        guard let problem = ResidentID.problem(number) else { return }
        let masked = ResidentID.masked(number)
        let detail: String
        switch problem {
        case .length: detail = "has \(number.count) characters; a resident ID number has 18"
        case .characters: detail = "must be 17 digits followed by a digit or X"
        case .region: detail = "does not start with a valid province code"
        case .birthDate: detail = "does not hold a valid birth date"
        case .checksum(let expected): detail = "fails the GB 11643 checksum (the last character should be \(expected))"
        }
        log.report("buyer.id-number", record: record, path: path, "ID number \(masked) \(detail)")
    }

    private func checkAmounts(_ order: OrderRecord, record: String, path: String) {
        for (index, item) in order.items.enumerated() {
            if item.price == 0 {
                log.report(
                    "order.zero-price", .warning, record: record, path: "\(path).items[\(index)].price",
                    "is 0; customs values goods at their price (a gift is declared at its value)")
            }
            if let total = item.total {
                let expected = Money.round(item.price * item.quantity)
                if total != expected {
                    log.report(
                        "order.line-total", record: record, path: "\(path).items[\(index)].total",
                        "is \(Money.text(total)), but price \(Money.text(item.price)) × quantity \(Money.text(item.quantity)) = \(Money.text(expected))"
                    )
                }
            }
        }
        let sum = order.items.reduce(Decimal(0)) { $0 + mapper.lineTotal($1) }
        if let stated = order.goodsValue, stated != sum {
            log.report(
                "order.goods-value", record: record, path: "\(path).goodsValue",
                "is \(Money.text(stated)), but the line totals add up to \(Money.text(sum))")
        }
        let goods = mapper.goodsValue(order)
        let formula = goods + order.freight + order.tax - order.discount
        if let paid = order.paid, paid != formula {
            log.report(
                "order.paid-formula", record: record, path: "\(path).paid",
                "is \(Money.text(paid)), but goods \(Money.text(goods)) + freight \(Money.text(order.freight)) + tax \(Money.text(order.tax)) − discount \(Money.text(order.discount)) = \(Money.text(formula))"
            )
        }
        if order.discount > goods + order.freight + order.tax {
            log.report("record.invalid-value", record: record, path: "\(path).discount", "the discount is larger than everything charged")
        }
        // Tax estimate: a warning only, customs computes the tax itself.
        if !profile.tariff.isEmpty {
            // Each line's share of goods + freight, taxed at its rate: (goods + freight) / goods ×
            // Σ line × rate, so one division per order (Decimal division is slow).
            var weighted = Decimal(0)
            var known = true
            let base = goods + order.freight
            for (index, item) in order.items.enumerated() {
                guard let hs = hsCode(forLine: index + 1), let rate = profile.tariff[hs] else {
                    known = false
                    break
                }
                weighted += mapper.lineTotal(item) * rate.combinedRate
            }
            if known {
                let expected = goods == 0 ? 0 : base * weighted / goods
                let rounded = Money.round(expected)
                let tolerance = Decimal(sign: .plus, exponent: -2, significand: 1) * Decimal(max(order.items.count, 1))
                if abs(rounded - order.tax) > tolerance {
                    log.report(
                        "order.tax-estimate", .warning, record: record, path: "\(path).tax",
                        "withheld tax is \(Money.text(order.tax)), the tariff estimate is \(Money.text(rounded)); customs will compute its own"
                    )
                }
            }
        }
    }

    /// HS codes live on the inventory; the tax estimate can only use them when the parcel has one.
    func hsCode(forLine gnum: Int) -> String? {
        guard let items = currentInventory?.items else { return nil }
        return items.enumerated().first { ($0.element.gnum ?? ($0.offset + 1)) == gnum }?.element.hsCode
    }

    var currentInventory: InventoryRecord?

    private func checkOrderAgainstPayment(_ order: OrderRecord, _ payment: PaymentRecord, record: String, at: (String) -> String) {
        let paid = mapper.paid(order)
        if paid != payment.amount {
            log.report(
                "order.paid-matches-payment", record: record, path: at("payment.amount"),
                "the payment is \(Money.text(payment.amount)) but the order's paid amount is \(Money.text(paid)); customs requires them equal to the fen"
            )
        }
        if let provider = order.paymentProvider, provider != payment.provider {
            log.report(
                "order.pay-code-matches-payment", record: record, path: at("order.payment.provider"),
                "the order names payment company '\(provider)' but the payment came from '\(payment.provider)'")
        }
        if let transaction = order.paymentTransactionId, transaction != payment.transactionId {
            log.report(
                "order.pay-code-matches-payment", record: record, path: at("order.payment.transactionId"),
                "the order names transaction \(transaction) but the payment is \(payment.transactionId)")
        }
        let buyerName = TextNormalisation.canonical(order.buyer.name)
        let payerName = TextNormalisation.canonical(payment.payer.name)
        if buyerName != payerName {
            log.report(
                "payment.payer-is-buyer", record: record, path: at("payment.payer.name"),
                "the payer '\(payerName)' is not the buyer '\(buyerName)'; customs requires the buyer to pay")
        }
        if order.buyer.idNumber.uppercased() != payment.payer.idNumber.uppercased() {
            log.report(
                "payment.payer-is-buyer", record: record, path: at("payment.payer.idNumber"),
                "the payer's ID number \(ResidentID.masked(payment.payer.idNumber)) differs from the buyer's \(ResidentID.masked(order.buyer.idNumber))"
            )
        }
    }

    private func checkConsignee(_ order: OrderRecord, _ waybill: WaybillRecord, record: String, at: (String) -> String) {
        guard let consignee = waybill.consignee else { return }
        let pairs: [(String, String, String)] = [
            ("name", order.consignee.name, consignee.name),
            ("phone", order.consignee.phone, consignee.phone),
            ("address", order.consignee.address, consignee.address),
        ]
        for (field, onOrder, onWaybill) in pairs where TextNormalisation.canonical(onOrder) != TextNormalisation.canonical(onWaybill) {
            let shown =
                field == "phone"
                ? "differs from the order's"
                : "'\(TextNormalisation.canonical(onWaybill))' differs from the order's '\(TextNormalisation.canonical(onOrder))'"
            log.report(
                "waybill.consignee-matches-order", record: record, path: at("waybill.consignee.\(field)"), "the consignee \(field) \(shown)"
            )
        }
    }

}
