public import Foundation
public import JSONWriting

/// Generates realistic batches of platform records, reproducibly from a seed: varied Chinese
/// names and addresses, valid resident ID numbers, several goods lines per order, and amounts that
/// agree across order, payment, waybill and inventory exactly as customs requires.
public struct BatchGenerator {
    public enum Mode: String, Sendable, CaseIterable {
        case bonded = "1210"
        case direct = "9610"
        case mixed
    }

    public struct Buyer: Sendable {
        public var name: String
        public var idNumber: String
        public var phone: String
        public var account: String
        public var region: Int
        public var street: String
        public var number: Int
    }

    public let mode: Mode
    public let carriers: [String]
    public let paymentCompanies: [String]
    public let start: Date
    var random: SeededRandom
    var buyers: [Buyer] = []

    public init(
        seed: UInt64, mode: Mode = .bonded, carriers: [String] = ["suda", "yunhai"], paymentCompanies: [String] = ["futong", "yinlian"],
        start: Date = Date(timeIntervalSince1970: 1_795_536_000)
    ) {
        self.mode = mode
        self.carriers = carriers
        self.paymentCompanies = paymentCompanies
        self.start = start
        random = SeededRandom(seed: seed)
    }

    /// A new buyer with a valid resident ID number.
    public mutating func makeBuyer() -> Buyer {
        let regionIndex = random.int(0...(Catalogue.regions.count - 1))
        let region = Catalogue.regions[regionIndex]
        let year = random.int(1965...2003)
        let month = random.int(1...12)
        let day = random.int(1...28)
        let sequence = random.int(1...999)
        let prefix = region.code + String(format: "%04d%02d%02d%03d", year, month, day, sequence)
        let check = ResidentCheck.character(for: prefix)
        let name = random.pick(Catalogue.surnames) + random.pick(Catalogue.givenNames)
        let phone = random.pick(["139", "138", "186", "158", "177", "133", "150"]) + String(format: "%08d", random.int(0...99_999_999))
        return Buyer(
            name: name, idNumber: prefix + String(check), phone: phone, account: "u\(random.int(100_000...9_999_999))",
            region: regionIndex, street: random.pick(region.streets), number: random.int(1...999)
        )
    }

    /// The parcel with index `index` (0-based) as a JSON object.
    public mutating func parcel(_ index: Int) -> JSONOutput {
        // Reuse buyers now and then, as real shoppers come back.
        let buyer: Buyer
        if buyers.count >= 8, random.chance(30) {
            buyer = random.pick(buyers)
        } else {
            buyer = makeBuyer()
            if buyers.count < 5000 { buyers.append(buyer) }
        }
        let tradeMode: String = mode == .mixed ? (random.chance(50) ? "1210" : "9610") : mode.rawValue
        let region = Catalogue.regions[buyer.region]
        let address =
            "\(region.province)\(region.city == region.province ? "" : region.city)\(region.district)\(buyer.street)\(buyer.number)号"
        let day = start.addingTimeInterval(Double(index) * 37)
        let dateText = Self.dateStamp(day)
        let orderNo = "HT\(dateText)\(String(format: "%08d", index))"

        // Goods: 1–4 distinct products.
        var indices = Array(0..<Catalogue.products.count)
        var chosen: [Catalogue.Product] = []
        for _ in 0..<random.int(1...4) {
            chosen.append(Catalogue.products[indices.remove(at: random.int(0...(indices.count - 1)))])
        }
        var lines: [(Catalogue.Product, Int, Decimal)] = []
        var goods = Decimal(0)
        for product in chosen {
            let quantity = random.int(1...3)
            var total = product.price * Decimal(quantity)
            total = Self.round(total)
            lines.append((product, quantity, total))
            goods += total
        }
        // Keep each parcel within the single-transaction limit (5000).
        while goods > 4800, lines.count > 1 {
            goods -= lines.removeLast().2
        }
        let freight: Decimal = random.chance(40) ? 10 : 0
        let discount: Decimal = random.chance(25) ? Decimal(random.pick([5, 10, 20])) : 0
        var tax = Decimal(0)
        for line in lines {
            let share = goods == 0 ? 0 : (goods + freight) * line.2 / goods
            let rate = (line.0.vat + line.0.consumption) / (1 - line.0.consumption) * Decimal(7) / Decimal(10)
            tax += share * rate
        }
        tax = Self.round(tax)
        let paid = goods + freight + tax - discount
        let provider = random.pick(paymentCompanies)
        let carrier = random.pick(carriers)
        let transaction = "P\(dateText)\(String(format: "%010d", index))"
        let waybillNo = (carrier == carriers.first ? "SD" : "YH") + String(300_000_000_000 + index)
        let gross = Self.round(lines.reduce(Decimal(string: "0.15") ?? 0) { $0 + $1.0.weight * Decimal($1.1) }, scale: 3)
        let net = Self.round(
            lines.reduce(Decimal(0)) {
                $0 + ($1.0.legalUnit == "035" ? $1.0.legalPerUnit * Decimal($1.1) : $1.0.weight * Decimal($1.1) * Decimal(8) / Decimal(10))
            }, scale: 3)
        let paidAt = Self.iso(day.addingTimeInterval(-600))

        let consignee: JSONOutput = .object([
            ("name", .string(buyer.name)), ("phone", .string(buyer.phone)), ("address", .string(address)),
            ("district", .string(region.code)),
        ])
        let order: JSONOutput = .object([
            ("orderNo", .string(orderNo)),
            (
                "buyer",
                .object([
                    ("account", .string(buyer.account)), ("name", .string(buyer.name)), ("idNumber", .string(buyer.idNumber)),
                    ("phone", .string(buyer.phone)),
                ])
            ),
            ("consignee", consignee),
            (
                "items",
                .array(
                    lines.map { product, quantity, total in
                        .object([
                            ("sku", .string(product.sku)), ("name", .string(product.name)), ("spec", .string(product.spec)),
                            ("unit", .string(product.unit)),
                            ("quantity", .string("\(quantity)")), ("price", .string(Self.text(product.price))),
                            ("total", .string(Self.text(total))),
                            ("origin", .string(product.origin)), ("link", .string("https://shop.example.com/item/\(product.sku)")),
                        ])
                    })
            ),
            ("freight", .string(Self.text(freight))), ("discount", .string(Self.text(discount))), ("tax", .string(Self.text(tax))),
            ("paid", .string(Self.text(paid))), ("currency", .string("CNY")),
            ("payment", .object([("provider", .string(provider)), ("transactionId", .string(transaction))])),
        ])
        let payment: JSONOutput = .object([
            ("provider", .string(provider)), ("transactionId", .string(transaction)),
            ("payer", .object([("name", .string(buyer.name)), ("idNumber", .string(buyer.idNumber)), ("phone", .string(buyer.phone))])),
            ("amount", .string(Self.text(paid))), ("currency", .string("CNY")), ("paidAt", .string(paidAt)),
            // What announcement 179 uploads: the raw exchange with the payment company.
            (
                "exchange",
                .object([
                    (
                        "request",
                        .string("service=cross_border_pay&out_trade_no=\(transaction)&total_fee=\(Self.text(paid))&currency=CNY")
                    ),
                    ("response", .string("{\"is_success\":\"T\",\"out_trade_no\":\"\(transaction)\",\"trade_status\":\"TRADE_SUCCESS\"}")),
                    ("verDept", .string("3")), ("payType", .string("1")),
                ])
            ),
        ])
        var waybillFields: [(String, JSONOutput)] = [
            ("carrier", .string(carrier)), ("waybillNo", .string(waybillNo)), ("weight", .string(Self.text(gross))),
        ]
        if tradeMode == "9610" { waybillFields.append(("billNo", .string("999-\(String(format: "%08d", 10_000_000 + index / 200))"))) }
        let inventoryItems: [JSONOutput] = lines.enumerated().map { offset, line in
            let (product, quantity, _) = line
            var fields: [(String, JSONOutput)] = [("gnum", .int(offset + 1))]
            if tradeMode == "1210" { fields.append(("itemRecordNo", .string(product.itemRecordNo))) }
            fields.append(("hsCode", .string(product.hsCode)))
            fields.append(("legalQuantity", .string(Self.text(Self.round(product.legalPerUnit * Decimal(quantity), scale: 3)))))
            fields.append(("legalUnit", .string(product.legalUnit)))
            if let second = product.secondUnit {
                fields.append(("secondQuantity", .string(Self.text(Self.round(product.weight * Decimal(quantity), scale: 3)))))
                fields.append(("secondUnit", .string(second)))
            }
            return .object(JSONObject(fields))
        }
        var inventoryFields: [(String, JSONOutput)] = [("tradeMode", .string(tradeMode)), ("netWeight", .string(Self.text(net)))]
        if tradeMode == "9610" {
            let flight = random.pick(["CA", "MU", "CZ", "NH", "QF"]) + "\(random.int(100...999))"
            inventoryFields.append(("departureCountry", .string(lines[0].0.origin)))
            inventoryFields.append(
                (
                    "transport",
                    .object([
                        ("mode", .string("5")), ("vehicle", .string(flight)), ("voyage", .string("\(flight)/\(dateText)")),
                        ("billNo", .string("999-\(String(format: "%08d", 10_000_000 + index / 200))")),
                    ])
                ))
        }
        inventoryFields.append(("items", .array(inventoryItems)))
        return .object([
            ("order", order), ("payment", payment), ("waybill", .object(JSONObject(waybillFields))),
            ("inventory", .object(JSONObject(inventoryFields))),
        ])
    }

    /// Writes a whole batch: a JSON document, or JSON Lines with one parcel per line.
    public mutating func write(parcels: Int, jsonLines: Bool, to url: URL, firstIndex: Int = 0) throws {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: url.path) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: url.path])
        }
        defer { try? handle.close() }
        if jsonLines {
            var buffer = ""
            for index in firstIndex..<(firstIndex + parcels) {
                buffer += parcel(index).rendered(indent: nil) + "\n"
                if buffer.utf8.count > 1 << 20 {
                    handle.write(Data(buffer.utf8))
                    buffer = ""
                }
            }
            handle.write(Data(buffer.utf8))
        } else {
            handle.write(Data("{\n  \"parcels\": [\n".utf8))
            for index in firstIndex..<(firstIndex + parcels) {
                let text = "    " + parcel(index).rendered(indent: 2, level: 2) + (index == firstIndex + parcels - 1 ? "\n" : ",\n")
                handle.write(Data(text.utf8))
            }
            handle.write(Data("  ]\n}\n".utf8))
        }
    }

    static func round(_ value: Decimal, scale: Int = 2) -> Decimal {
        var input = value
        var result = Decimal()
        NSDecimalRound(&result, &input, scale, .plain)
        return result
    }

    static func text(_ value: Decimal) -> String {
        "\(round(value, scale: 5))"
    }

    static func dateStamp(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970) + 8 * 3600
        let days = seconds / 86_400
        let (year, month, day) = civil(days)
        return String(format: "%04d%02d%02d", year, month, day)
    }

    static func iso(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970) + 8 * 3600
        let days = seconds / 86_400
        let (year, month, day) = civil(days)
        let rest = seconds - days * 86_400
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d+08:00", year, month, day, rest / 3600, (rest % 3600) / 60, rest % 60)
    }

    static func civil(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

/// The GB 11643 check character, written here independently of the adapter's validator on
/// purpose: test data made with the code under test could not catch that code's mistakes.
enum ResidentCheck {
    static func character(for prefix: String) -> Character {
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let codes: [Character] = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"]
        let sum = zip(prefix.compactMap(\.wholeNumberValue), weights).reduce(0) { $0 + $1.0 * $1.1 }
        return codes[sum % 11]
    }
}
