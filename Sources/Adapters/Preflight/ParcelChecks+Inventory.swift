import CEBMessages
import Foundation

/// The inventory's rules: its lines against the order's, the account book, units and numbering.
extension ParcelChecks {
    /// The second legal quantity comes with the account book: an item recorded with a second unit
    /// needs its quantity in that unit; one recorded without may not carry one (-621001 family).
    func checkSecondUnit(_ item: InventoryRecord.Item, entry: AccountBookItem, record: String, path: String) {
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

    func checkInventory(_ inventory: InventoryRecord, parcel: ParcelRecord, record: String, at: (String) -> String) {
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
