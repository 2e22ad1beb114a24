import CEBMessages
import Foundation

/// Warnings for what is possible but most likely a slip: customs' inspectors weigh parcels, read
/// addresses and compare dates, and a parcel that looks wrong is held. Each is a rule a profile can
/// switch to an error or off.
struct PlausibilityChecks {
    let log: IssueLog
    let now: Date

    /// The legal unit kilogram (customs unit code 035).
    static let kilogram = "035"
    /// The lines' kilograms may exceed the net weight by 5 % and 10 g (products, not divisions:
    /// Decimal division is slow, and this runs for every parcel).
    static let weightAllowance = Decimal(sign: .plus, exponent: -2, significand: 105)
    static let weightSlack = Decimal(sign: .plus, exponent: -2, significand: 1)

    func check(_ parcel: ParcelRecord, at: (String) -> String) {
        let record = parcel.label
        if let inventory = parcel.inventory {
            // What the lines declare in kilograms cannot weigh more than the goods do.
            var kilograms = Decimal(0)
            for item in inventory.items {
                if item.legalUnit == Self.kilogram { kilograms += item.legalQuantity }
                if item.secondUnit == Self.kilogram, let second = item.secondQuantity { kilograms += second }
            }
            if kilograms > inventory.netWeight * Self.weightAllowance + Self.weightSlack {
                log.report(
                    "plausibility.weight", .warning, record: record, path: at("inventory.netWeight"),
                    "net weight \(Money.text(inventory.netWeight)) kg is less than the \(Money.text(kilograms)) kg the lines declare in kilograms"
                )
            }
            if let gross = inventory.grossWeight, let waybill = parcel.waybill, gross != waybill.weight {
                log.report(
                    "plausibility.gross-weight", .warning, record: record, path: at("inventory.grossWeight"),
                    "gross weight \(Money.text(gross)) kg differs from the waybill's \(Money.text(waybill.weight)) kg (it is the same parcel)"
                )
            }
        }
        if let order = parcel.order, let waybill = parcel.waybill, let freight = waybill.freight, freight != order.freight {
            log.report(
                "plausibility.freight", .warning, record: record, path: at("waybill.freight"),
                "freight \(Money.text(freight)) differs from the order's \(Money.text(order.freight))")
        }
        if let payment = parcel.payment, payment.paidAt > now.addingTimeInterval(3600) {
            log.report(
                "plausibility.future-time", .warning, record: record, path: at("payment.paidAt"),
                "is in the future (more than an hour after now); check the time zone")
        }
        if let order = parcel.order, Self.isVague(order.consignee.address) {
            log.report(
                "plausibility.vague-address", .warning, record: record, path: at("order.consignee.address"),
                "'\(order.consignee.address)' names no street or building; customs holds parcels with undeliverable addresses (收件地址不详)"
            )
        }
    }

    /// An address that is only a province, city or district (`浙江省`, `浙江省杭州市`): nothing
    /// after the last administrative suffix, or fewer than 8 characters in all.
    static func isVague(_ address: String) -> Bool {
        let trimmed = address.trimmedWhitespace
        if trimmed.count < 8 { return true }
        guard let last = trimmed.last else { return true }
        return "省市区县旗盟州".contains(last)
    }
}
