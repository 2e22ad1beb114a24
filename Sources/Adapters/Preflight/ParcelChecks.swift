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

    /// The second legal quantity comes with the account book: an item recorded with a second unit
    /// needs its quantity in that unit; one recorded without may not carry one (-621001 family).
    private func checkSecondUnit(_ item: InventoryRecord.Item, entry: AccountBookItem, record: String, path: String) {
        switch (entry.secondUnit, item.secondQuantity) {
        case (let unit?, nil):
            log.report(
                "inventory.second-unit", record: record, path: "\(path).secondQuantity",
                "item \(entry.itemRecordNo) is recorded in the account book with a second legal unit \(unit); give its quantity in that unit (-621001)"
            )
        case (nil, .some):
            log.report(
                "inventory.second-unit", record: record, path: "\(path).secondQuantity",
                "item \(entry.itemRecordNo) has no second legal unit in the account book; remove secondQuantity and secondUnit (-621001)"
            )
        case (let unit?, .some(let quantity)):
            if let stated = item.secondUnit, stated != unit {
                log.report(
                    "inventory.second-unit", record: record, path: "\(path).secondUnit",
                    "unit \(stated) differs from the account book's second unit \(unit) for item \(entry.itemRecordNo)")
            }
            if quantity == 0 {
                log.report(
                    "inventory.second-unit", record: record, path: "\(path).secondQuantity",
                    "is 0; declare the quantity in the second legal unit")
            }
        case (nil, nil):
            break
        }
    }

    /// What is wrong with the numbering of inventory lines whose `gnum` is not their position
    /// (1, 2, 3… in order, each matching the order line of that number), by index: two lines that
    /// carry each other's number are named as swapped.
    static func misnumberedLines(_ gnums: [Int?]) -> [Int: String] {
        var problems: [Int: String] = [:]
        for (index, stated) in gnums.enumerated() {
            guard let stated, stated != index + 1 else { continue }
            let partner = stated - 1
            if gnums.indices.contains(partner), gnums[partner] == index + 1 {
                problems[index] =
                    "gnum \(stated) and gnum \(index + 1) are swapped: line \(index + 1) says \(stated), line \(stated) says \(index + 1); a line's gnum is its position, matching the order line of that number (customs 1322)"
            } else if gnums.count >= stated, stated >= 1 {
                problems[index] =
                    "line \(index + 1) says gnum \(stated); a line's gnum is its position (1, 2, 3… in order), matching the order line of that number"
            }
        }
        return problems
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
    private func hsCode(forLine gnum: Int) -> String? {
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

    private func checkInventory(_ inventory: InventoryRecord, parcel: ParcelRecord, record: String, at: (String) -> String) {
        guard let order = parcel.order else {
            log.report(
                "inventory.needs-order", record: record, path: at("inventory"),
                "an inventory needs its order in the same parcel; customs refuses an inventory whose order it has not seen (-621002)")
            return
        }
        if parcel.waybill == nil {
            log.report(
                "inventory.needs-waybill", record: record, path: at("inventory"),
                "an inventory needs its waybill in the same parcel (-621002)")
        }
        if parcel.payment == nil {
            log.report(
                "inventory.needs-payment", .warning, record: record, path: at("inventory"),
                "no payment voucher in this parcel: make sure the payment company declares it before the inventory is sent")
        }
        if let buyer = inventory.buyer {
            if TextNormalisation.canonical(buyer.name) != TextNormalisation.canonical(order.buyer.name) {
                log.report(
                    "inventory.buyer-matches-order", record: record, path: at("inventory.buyer.name"),
                    "the buyer '\(buyer.name)' differs from the order's '\(order.buyer.name)' (customs 13127)")
            }
            if buyer.idNumber.uppercased() != order.buyer.idNumber.uppercased() {
                log.report(
                    "inventory.buyer-matches-order", record: record, path: at("inventory.buyer.idNumber"),
                    "the buyer's ID number differs from the order's")
            }
            if let phone = buyer.phone, phone != order.buyer.phone {
                log.report(
                    "inventory.buyer-matches-order", record: record, path: at("inventory.buyer.phone"),
                    "the buyer's phone differs from the order's (customs 130126)")
            }
        }
        // Lines: 1:1 with the order's.
        if inventory.items.count != order.items.count {
            log.report(
                "inventory.lines-match-order", record: record, path: at("inventory.items"),
                "the inventory has \(inventory.items.count) lines, the order \(order.items.count); they must map 1:1 (customs 1320)")
        }
        var seen = Set<Int>()
        let misnumbered = Self.misnumberedLines(inventory.items.map(\.gnum))
        for (index, item) in inventory.items.enumerated() {
            let itemPath = at("inventory.items[\(index)]")
            if item.legalQuantity == 0 {
                log.report(
                    "inventory.legal-quantity", record: record, path: "\(itemPath).legalQuantity",
                    "is 0; declare the quantity in the legal unit (e.g. 1.8 kg for two 900 g tins)")
            }
            let gnum = item.gnum ?? (index + 1)
            if !seen.insert(gnum).inserted {
                log.report(
                    "inventory.gnum", record: record, path: "\(itemPath).gnum",
                    "gnum \(gnum) appears twice; lines are numbered 1, 2, 3… once each (customs -621027)")
                continue
            }
            if let problem = misnumbered[index] {
                // One root cause, one finding: the comparison with a wrongly numbered order line would only repeat it.
                log.report("inventory.gnum", record: record, path: "\(itemPath).gnum", problem)
                continue
            }
            if gnum < 1 || gnum > order.items.count {
                log.report(
                    "inventory.lines-match-order", record: record, path: "\(itemPath).gnum",
                    "gnum \(gnum) has no order line (the order has \(order.items.count))")
            } else {
                let orderItem = order.items[gnum - 1]
                if let name = item.name, TextNormalisation.canonical(name) != TextNormalisation.canonical(orderItem.name) {
                    log.report(
                        "inventory.lines-match-order", record: record, path: "\(itemPath).name",
                        "'\(name)' differs from the order line's '\(orderItem.name)' (customs 1322)")
                }
                if let quantity = item.quantity, quantity != orderItem.quantity {
                    log.report(
                        "inventory.lines-match-order", record: record, path: "\(itemPath).quantity",
                        "\(Money.text(quantity)) differs from the order line's \(Money.text(orderItem.quantity))")
                }
                if let price = item.price, price != orderItem.price {
                    log.report(
                        "inventory.lines-match-order", record: record, path: "\(itemPath).price",
                        "\(Money.text(price)) differs from the order line's \(Money.text(orderItem.price))")
                }
            }
            if item.hsCode.count != 10 || !item.hsCode.allSatisfy(\.isASCIIDigit) {
                log.report("inventory.hs-code", record: record, path: "\(itemPath).hsCode", "'\(item.hsCode)' is not a 10-digit HS code")
            }
        }
        // Weights.
        let gross = inventory.grossWeight ?? parcel.waybill?.weight
        if let gross, inventory.netWeight > gross {
            log.report(
                "inventory.net-weight", record: record, path: at("inventory.netWeight"),
                "net weight \(Money.text(inventory.netWeight)) kg is more than gross weight \(Money.text(gross)) kg")
        }
        // Trade-mode specifics.
        let mode = mapper.tradeMode(inventory)
        if mode == "1210" {
            if (inventory.emsNo ?? profile.emsNo) == nil {
                log.report(
                    "inventory.bonded-fields", record: record, path: at("inventory.emsNo"),
                    "bonded import (1210) needs the account book number emsNo (in the record or the profile's bonded.emsNo)")
            }
            if profile.area == nil {
                log.report(
                    "inventory.bonded-fields", record: record, path: at("inventory"),
                    "bonded import (1210) needs the area enterprise (profile bonded.area)")
            }
            // A wrong account-book number is one finding at emsNo, not "not in the book" on every line.
            let ems = inventory.emsNo ?? profile.emsNo
            let knownBooks = Set((profile.accountBook ?? [:]).values.map(\.emsNo))
            let bookKnown = ems.map { profile.accountBook == nil || knownBooks.contains($0) } ?? true
            if let ems, !bookKnown {
                log.report(
                    "inventory.account-book", record: record, path: inventory.emsNo != nil ? at("inventory.emsNo") : "profile bonded.emsNo",
                    "account book \(ems) is not in the profile's account book (which holds \(knownBooks.sorted().joined(separator: ", "))) (-621001)"
                )
            }
            for (index, item) in inventory.items.enumerated() {
                guard let itemRecord = item.itemRecordNo else {
                    log.report(
                        "inventory.bonded-fields", record: record, path: at("inventory.items[\(index)].itemRecordNo"),
                        "bonded import (1210) needs the account-book item number")
                    continue
                }
                if bookKnown, let book = profile.accountBook, let ems {
                    guard let entry = book["\(ems)|\(itemRecord)"] else {
                        log.report(
                            "inventory.account-book", record: record, path: at("inventory.items[\(index)].itemRecordNo"),
                            "item \(itemRecord) is not in account book \(ems) (-621001: 商品未备案)")
                        continue
                    }
                    if entry.hsCode != item.hsCode {
                        log.report(
                            "inventory.account-book", record: record, path: at("inventory.items[\(index)].hsCode"),
                            "'\(item.hsCode)' differs from the account book's \(entry.hsCode) for item \(itemRecord)")
                    }
                    if entry.legalUnit != item.legalUnit {
                        log.report(
                            "inventory.account-book", record: record, path: at("inventory.items[\(index)].legalUnit"),
                            "unit \(item.legalUnit) differs from the account book's \(entry.legalUnit) for item \(itemRecord)")
                    }
                    checkSecondUnit(item, entry: entry, record: record, path: at("inventory.items[\(index)]"))
                    let gnum = item.gnum ?? (index + 1)
                    // A misnumbered line has been reported at its gnum; its name would only repeat that.
                    let misnumbered = Self.misnumberedLines(inventory.items.map(\.gnum))[index] != nil
                    let name = item.name ?? (order.items.indices.contains(gnum - 1) ? order.items[gnum - 1].name : "")
                    // Named where the record holds the name: the inventory line, else the order line it maps to.
                    let namePath = item.name != nil ? at("inventory.items[\(index)].name") : at("order.items[\(gnum - 1)].name")
                    if !misnumbered, TextNormalisation.canonical(name) != TextNormalisation.canonical(entry.name) {
                        log.report(
                            "inventory.account-book", record: record, path: namePath,
                            "'\(name)' differs from the account book's name '\(entry.name)' for item \(itemRecord)")
                    }
                }
            }
        } else {
            let transport = inventory.transport
            let missing = [
                ("vehicle", transport.vehicle), ("voyage", transport.voyage), ("billNo", transport.billNo ?? parcel.waybill?.billNo),
            ]
            .filter { $0.1 == nil }.map(\.0)
            for field in missing {
                log.report(
                    "inventory.direct-fields", record: record, path: at("inventory.transport.\(field)"),
                    "direct import (9610) needs transport.\(field)")
            }
            for (index, item) in inventory.items.enumerated() where item.secondQuantity != nil && item.secondUnit == nil {
                log.report(
                    "inventory.second-unit", record: record, path: at("inventory.items[\(index)].secondUnit"),
                    "direct import has no account book to take the second unit from; give secondUnit")
            }
            if inventory.departureCountry == nil {
                log.report(
                    "inventory.direct-fields", record: record, path: at("inventory.departureCountry"),
                    "direct import (9610) needs the departure country")
            }
        }
        // Single-transaction limit, on the dutiable value (goods + freight + insurance).
        let value = mapper.dutiableValue(order, inventory: inventory, waybill: parcel.waybill)
        if value > profile.singleTransactionLimit {
            log.report(
                "limit.single-transaction", record: record, path: at("order"),
                "the parcel's value \(Money.text(value)) CNY is over the single-transaction limit of \(Money.text(profile.singleTransactionLimit)) CNY (-621005)"
            )
        }
    }
}
