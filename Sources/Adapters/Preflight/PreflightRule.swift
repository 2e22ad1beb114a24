/// The catalogue of preflight rules: stable ids, default severities and what each protects
/// against. Built from the rejection causes customs actually sends (see the README).
public struct PreflightRule: Sendable, Hashable {
    public var id: String
    public var severity: Severity
    public var summary: String

    public static let all: [PreflightRule] = [
        PreflightRule(id: "record.syntax", severity: .error, summary: "the batch is valid JSON (JSON Lines: each line)"),
        PreflightRule(id: "record.missing-field", severity: .error, summary: "every required field is present"),
        PreflightRule(id: "record.wrong-type", severity: .error, summary: "every field has the expected JSON type"),
        PreflightRule(id: "record.invalid-value", severity: .error, summary: "every value has the expected form"),
        PreflightRule(
            id: "inventory.gnum", severity: .error,
            summary: "inventory lines are numbered 1, 2, 3… in order, once each; duplicates and swaps named (-621027, 1322)"),
        PreflightRule(id: "inventory.legal-quantity", severity: .error, summary: "the quantity in the legal unit is more than zero"),
        PreflightRule(id: "order.zero-price", severity: .warning, summary: "no order line priced at zero"),
        PreflightRule(
            id: "inventory.second-unit", severity: .error,
            summary: "a second legal quantity exactly when the account book records a second unit, in that unit (-621001)"),
        PreflightRule(
            id: "text.invisible-characters", severity: .error,
            summary: "no zero-width, direction or other invisible characters in any text (they break customs' real-name check)"),
        PreflightRule(
            id: "name.mixed-scripts", severity: .warning,
            summary: "a person's name in one script (a Cyrillic or Latin look-alike in a Chinese name is a slip)"),
        PreflightRule(
            id: "aftersale.invt-no", severity: .error,
            summary: "a cancellation or return names the inventory by customs' number (office, year, I, 9 digits)"),
        PreflightRule(
            id: "aftersale.inventory-known", severity: .error,
            summary: "submit: a cancellation or return names an inventory this outbox declared"),
        PreflightRule(
            id: "aftersale.inventory-released", severity: .error,
            summary: "submit: the inventory of a cancellation or return was released (800)"),
        PreflightRule(
            id: "aftersale.return-quantity", severity: .error,
            summary: "submit: a return never takes back more of a line than the inventory declared (-625012)"),
        PreflightRule(
            id: "plausibility.weight", severity: .warning, summary: "the net weight holds at least what the lines declare in kilograms"),
        PreflightRule(id: "plausibility.gross-weight", severity: .warning, summary: "the inventory's gross weight is the waybill's"),
        PreflightRule(id: "plausibility.freight", severity: .warning, summary: "the waybill's freight is the order's"),
        PreflightRule(id: "plausibility.future-time", severity: .warning, summary: "no payment time in the future"),
        PreflightRule(
            id: "plausibility.vague-address", severity: .warning, summary: "a consignee address names more than a province or city (收件地址不详)"
        ),
        PreflightRule(
            id: "record.unknown-key", severity: .error,
            summary: "no key the format does not know (a misspelled key would be ignored); names the closest known key"),
        PreflightRule(id: "field.length", severity: .error, summary: "no value is longer than customs' field"),
        PreflightRule(id: "text.control-characters", severity: .error, summary: "no control characters in text"),
        PreflightRule(id: "code.currency", severity: .error, summary: "currencies are known codes"),
        PreflightRule(id: "code.country", severity: .error, summary: "countries are known customs or ISO codes"),
        PreflightRule(id: "code.unit", severity: .error, summary: "units are known customs unit codes or names"),
        PreflightRule(id: "code.transport-mode", severity: .error, summary: "transport modes are known codes"),
        PreflightRule(id: "code.wrap-type", severity: .error, summary: "packing types are known codes"),
        PreflightRule(id: "profile.unknown-payment-company", severity: .error, summary: "payment companies are named in the profile"),
        PreflightRule(id: "profile.unknown-carrier", severity: .error, summary: "carriers are named in the profile"),
        PreflightRule(
            id: "order.line-total", severity: .error, summary: "a stated line total equals price × quantity (rounded to the fen)"),
        PreflightRule(id: "order.goods-value", severity: .error, summary: "goodsValue equals the sum of line totals (customs 1332)"),
        PreflightRule(id: "order.paid-formula", severity: .error, summary: "paid = goodsValue + freight + tax − discount"),
        PreflightRule(
            id: "order.paid-matches-payment", severity: .error,
            summary: "the order's paid amount equals the payment's, to the fen (customs 1332)"),
        PreflightRule(
            id: "order.pay-code-matches-payment", severity: .error, summary: "the order names the payment company that paid (customs 13035)"
        ),
        PreflightRule(id: "payment.payer-is-buyer", severity: .error, summary: "payer name and ID number equal the buyer's (customs 1327)"),
        PreflightRule(
            id: "waybill.consignee-matches-order", severity: .error, summary: "consignee name, phone and address equal on order and waybill"
        ),
        PreflightRule(id: "waybill.one-per-order", severity: .error, summary: "one waybill per order"),
        PreflightRule(
            id: "waybill.number-reused", severity: .error, summary: "a carrier's waybill number is not reused within 180 days (-504012)"),
        PreflightRule(id: "inventory.needs-order", severity: .error, summary: "every inventory has its order (-621002)"),
        PreflightRule(id: "inventory.needs-waybill", severity: .error, summary: "every inventory has its waybill (-621002)"),
        PreflightRule(id: "inventory.needs-payment", severity: .warning, summary: "every inventory has its payment voucher"),
        PreflightRule(
            id: "inventory.buyer-matches-order", severity: .error,
            summary: "buyer name, ID and phone equal on order and inventory (customs 13127, 130126)"),
        PreflightRule(
            id: "inventory.lines-match-order", severity: .error,
            summary: "inventory lines map 1:1 to order lines: count, gnum, name, quantity, price (customs 1320, 1322)"),
        PreflightRule(id: "inventory.net-weight", severity: .error, summary: "net weight is not more than gross weight"),
        PreflightRule(
            id: "inventory.bonded-fields", severity: .error, summary: "1210 declares emsNo, itemRecordNo and the area enterprise"),
        PreflightRule(id: "inventory.account-book", severity: .error, summary: "1210 lines match the bonded account book (-621001)"),
        PreflightRule(
            id: "inventory.direct-fields", severity: .error,
            summary: "9610 declares the vehicle, voyage, bill of lading and departure country"),
        PreflightRule(id: "inventory.hs-code", severity: .error, summary: "HS codes have 10 digits"),
        PreflightRule(
            id: "buyer.id-number", severity: .error,
            summary: "resident ID numbers have a valid form, birth date and checksum (customs 1300)"),
        PreflightRule(
            id: "limit.single-transaction", severity: .error,
            summary:
                "a parcel's dutiable value (goods + freight + insurance; not tax, before discount) is within the single-transaction limit (-621005)"
        ),
        PreflightRule(
            id: "limit.annual", severity: .error,
            summary:
                "a buyer stays within the annual limit: the batch alone, or with what the outbox holds this year (customs also counts other platforms, -621018)"
        ),
        PreflightRule(
            id: "order.tax-estimate", severity: .warning,
            summary: "the withheld tax is close to the tariff estimate (customs computes the tax itself)"),
        PreflightRule(
            id: "batch.duplicate-key", severity: .error,
            summary: "no business key appears twice in a batch (-301010, -401007, -504015, -621004)"),
        PreflightRule(id: "schema.invalid", severity: .error, summary: "every message is valid under the customs schema"),
    ]

    public static let allIDs: Set<String> = Set(all.map(\.id))
}
