import Adapters
import CEBMessages
import Foundation
import SwgateTestSupport
import Testing

/// Each rule fires on the fault it exists for, and stays quiet on the good parcel.
@Suite("Preflight rules")
struct PreflightRuleTests {
    struct Fault: Sendable, CustomTestStringConvertible {
        var rule: String
        var path: String
        var mutate: @Sendable ([String: Any]) -> [String: Any]
        var testDescription: String { rule + " @ " + path }
    }

    static let faults: [Fault] = [
        Fault(rule: "record.missing-field", path: "parcels[0].order.buyer.name") { setting($0, ["order", "buyer", "name"], to: nil) },
        Fault(rule: "record.wrong-type", path: "parcels[0].order.items") { setting($0, ["order", "items"], to: "none") },
        Fault(rule: "record.invalid-value", path: "parcels[0].order.items[0].price") {
            setting($0, ["order", "items", 0, "price"], to: "12,5")
        },
        Fault(rule: "field.length", path: "parcels[0].order.consignee.address") {
            setting($0, ["order", "consignee", "address"], to: String(repeating: "长", count: 201))
        },
        Fault(rule: "text.control-characters", path: "parcels[0].order.consignee.name") {
            setting($0, ["order", "consignee", "name"], to: "李\u{07}娜")
        },
        Fault(rule: "code.currency", path: "parcels[0].payment.currency") { setting($0, ["payment", "currency"], to: "XYZ") },
        Fault(rule: "code.country", path: "parcels[0].order.items[0].origin") {
            setting($0, ["order", "items", 0, "origin"], to: "Atlantis")
        },
        Fault(rule: "code.unit", path: "parcels[0].order.items[1].unit") { setting($0, ["order", "items", 1, "unit"], to: "桶桶") },
        Fault(rule: "code.transport-mode", path: "parcels[0].inventory.transport.mode") {
            setting($0, ["inventory", "transport"], to: ["mode": "Q"])
        },
        Fault(rule: "code.wrap-type", path: "parcels[0].inventory.wrapType") { setting($0, ["inventory", "wrapType"], to: "9") },
        Fault(rule: "profile.unknown-payment-company", path: "parcels[0].payment.provider") {
            setting(setting($0, ["payment", "provider"], to: "paypal"), ["order", "payment"], to: nil)
        },
        Fault(rule: "profile.unknown-carrier", path: "parcels[0].waybill.carrier") { setting($0, ["waybill", "carrier"], to: "ups") },
        Fault(rule: "order.line-total", path: "parcels[0].order.items[1].total") {
            setting($0, ["order", "items", 1, "total"], to: "129.4")
        },
        Fault(rule: "order.goods-value", path: "parcels[0].order.goodsValue") { setting($0, ["order", "goodsValue"], to: "600") },
        Fault(rule: "order.paid-formula", path: "parcels[0].order.paid") {
            setting(setting($0, ["order", "paid"], to: "663.69"), ["payment", "amount"], to: "663.69")
        },
        Fault(rule: "order.paid-matches-payment", path: "parcels[0].payment.amount") { setting($0, ["payment", "amount"], to: "653.68") },
        Fault(rule: "order.pay-code-matches-payment", path: "parcels[0].order.payment.provider") {
            setting($0, ["order", "payment", "provider"], to: "yinlian")
        },
        Fault(rule: "payment.payer-is-buyer", path: "parcels[0].payment.payer.name") {
            setting($0, ["payment", "payer", "name"], to: "李强")
        },
        Fault(rule: "waybill.consignee-matches-order", path: "parcels[0].waybill.consignee.address") {
            setting($0, ["waybill", "consignee"], to: ["name": "李娜", "phone": "13912345678", "address": "浙江省杭州市西湖区文三路101号"])
        },
        Fault(rule: "inventory.needs-waybill", path: "parcels[0].inventory") { setting($0, ["waybill"], to: nil) },
        Fault(rule: "inventory.needs-order", path: "parcels[0].inventory") {
            setting(setting($0, ["order"], to: nil), ["waybill", "orderNo"], to: "T000001")
        },
        Fault(rule: "inventory.buyer-matches-order", path: "parcels[0].inventory.buyer.name") {
            setting($0, ["inventory", "buyer"], to: ["name": "李小娜", "idNumber": "11010519491231002X"])
        },
        Fault(rule: "inventory.lines-match-order", path: "parcels[0].inventory.items") { setting($0, ["inventory", "items", 1], to: nil) },
        Fault(rule: "inventory.net-weight", path: "parcels[0].inventory.netWeight") { setting($0, ["inventory", "netWeight"], to: "3.5") },
        Fault(rule: "inventory.bonded-fields", path: "parcels[0].inventory.items[0].itemRecordNo") {
            setting($0, ["inventory", "items", 0, "itemRecordNo"], to: nil)
        },
        Fault(rule: "inventory.account-book", path: "parcels[0].inventory.items[0].itemRecordNo") {
            setting($0, ["inventory", "items", 0, "itemRecordNo"], to: "9999")
        },
        Fault(rule: "inventory.direct-fields", path: "parcels[0].inventory.transport.vehicle") {
            setting($0, ["inventory", "tradeMode"], to: "9610")
        },
        Fault(rule: "inventory.hs-code", path: "parcels[0].inventory.items[1].hsCode") {
            setting($0, ["inventory", "items", 1, "hsCode"], to: "21069090")
        },
        Fault(rule: "buyer.id-number", path: "parcels[0].order.buyer.idNumber") {
            setting(
                setting(
                    setting($0, ["order", "buyer", "idNumber"], to: "110105194912310021"), ["payment", "payer", "idNumber"],
                    to: "110105194912310021"), ["inventory", "buyer"], to: nil)
        },
        Fault(rule: "limit.single-transaction", path: "parcels[0].order") {
            let big = setting(setting($0, ["order", "items", 0, "price"], to: "2600"), ["order", "paid"], to: nil)
            return setting(setting(big, ["order", "tax"], to: "0"), ["payment", "amount"], to: "5319.5")
        },
        Fault(rule: "inventory.legal-quantity", path: "parcels[0].inventory.items[0].legalQuantity") {
            setting($0, ["inventory", "items", 0, "legalQuantity"], to: "0")
        },
        Fault(rule: "inventory.gnum", path: "parcels[0].inventory.items[1].gnum") {
            setting($0, ["inventory", "items", 1, "gnum"], to: 1)
        },
        Fault(rule: "order.zero-price", path: "parcels[0].order.items[1].price") {
            setting(
                setting(setting($0, ["order", "items", 1, "price"], to: "0"), ["order", "paid"], to: "524.19"), ["payment", "amount"],
                to: "524.19")
        },
        Fault(rule: "record.unknown-key", path: "parcels[0].order.freigth") { setting($0, ["order", "freigth"], to: "10") },
        Fault(rule: "text.invisible-characters", path: "parcels[0].order.buyer.name") {
            setting($0, ["order", "buyer", "name"], to: "李\u{200B}娜")
        },
        Fault(rule: "text.invisible-characters", path: "parcels[0].order.buyer.idNumber") {
            setting($0, ["order", "buyer", "idNumber"], to: "11010519491231002X\u{FEFF}")
        },
        Fault(rule: "text.invisible-characters", path: "parcels[0].order.consignee.address") {
            setting($0, ["order", "consignee", "address"], to: "浙江省杭州市西湖区\u{2060}文三路100号")
        },
        Fault(rule: "name.mixed-scripts", path: "parcels[0].order.consignee.name") {
            setting($0, ["order", "consignee", "name"], to: "李\u{0430}")
        },
        Fault(rule: "plausibility.weight", path: "parcels[0].inventory.netWeight") { setting($0, ["inventory", "netWeight"], to: "1.5") },
        Fault(rule: "plausibility.gross-weight", path: "parcels[0].inventory.grossWeight") {
            setting($0, ["inventory", "grossWeight"], to: "3.4")
        },
        Fault(rule: "plausibility.freight", path: "parcels[0].waybill.freight") { setting($0, ["waybill", "freight"], to: "12") },
        Fault(rule: "plausibility.future-time", path: "parcels[0].payment.paidAt") {
            setting($0, ["payment", "paidAt"], to: "2099-01-01T10:00:00+08:00")
        },
        Fault(rule: "plausibility.vague-address", path: "parcels[0].order.consignee.address") {
            setting(setting($0, ["order", "consignee", "address"], to: "浙江省杭州市"), ["waybill", "consignee"], to: nil)
        },
        Fault(rule: "inventory.second-unit", path: "parcels[0].inventory.items[0].secondQuantity") {
            setting(
                setting($0, ["inventory", "items", 0, "secondQuantity"], to: "1.8"), ["inventory", "items", 0, "secondUnit"], to: "035")
        },
        Fault(rule: "order.tax-estimate", path: "parcels[0].order.tax") {
            setting(setting(setting($0, ["order", "tax"], to: "5"), ["order", "paid"], to: "602.5"), ["payment", "amount"], to: "602.5")
        },
    ]

    @Test("swapped gnums are one finding per line, named as swapped, and nothing follows from them")
    func swappedGnums() throws {
        let parcel = setting(
            setting(TestBatches.goodParcel(), ["inventory", "items", 0, "gnum"], to: 2), ["inventory", "items", 1, "gnum"], to: 1)
        let result = try TestBatches.run(try TestBatches.data(parcels: [parcel]))
        #expect(
            result.issues.map(\.rule) == ["inventory.gnum", "inventory.gnum"],
            "\(result.issues.map { "\($0.rule) \($0.path): \($0.message)" })")
        #expect(result.issues.allSatisfy { $0.message.contains("swapped") })
        #expect(result.issues.map(\.path) == ["parcels[0].inventory.items[0].gnum", "parcels[0].inventory.items[1].gnum"])
    }

    @Test("an item the account book records with a second unit needs its second quantity, and the message carries unit2 from the book")
    func secondUnitFromBook() throws {
        let data = try Data(contentsOf: Fixtures.checkout.appendingPathComponent("examples/bonded-batch.json"))
        var batch = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var parcels = try #require(batch["parcels"] as? [[String: Any]])
        let index = try #require(
            parcels.firstIndex {
                (($0["inventory"] as? [String: Any])?["items"] as? [[String: Any]])?.contains { $0["itemRecordNo"] as? String == "1007" }
                    == true
            })
        var inventory = try #require(parcels[index]["inventory"] as? [String: Any])
        var items = try #require(inventory["items"] as? [[String: Any]])
        let line = try #require(items.firstIndex { $0["itemRecordNo"] as? String == "1007" })
        items[line]["secondQuantity"] = nil
        items[line]["secondUnit"] = nil
        inventory["items"] = items
        parcels[index]["inventory"] = inventory
        batch["parcels"] = [parcels[index]]
        let missing = try TestBatches.run(try JSONSerialization.data(withJSONObject: batch))
        #expect(missing.issues.map(\.rule) == ["inventory.second-unit"], "\(missing.issues.map { "\($0.rule) \($0.path) \($0.message)" })")
        #expect(missing.issues.first?.path == "parcels[0].inventory.items[\(line)].secondQuantity")

        // With only the quantity given, unit2 is taken from the book.
        items[line]["secondQuantity"] = "0.6"
        inventory["items"] = items
        batch["parcels"] = [setting(parcels[index], ["inventory"], to: inventory)]
        let filled = try TestBatches.run(try JSONSerialization.data(withJSONObject: batch))
        #expect(filled.issues.isEmpty, "\(filled.issues)")
        let message = try #require(filled.documents.first { $0.messageType == .ceb621 })
        guard case .inventory(let document) = message.body else {
            Issue.record("not an inventory")
            return
        }
        #expect(document.lines[line].unit2 == "035")
    }

    @Test("a wrong account-book number is one finding, at emsNo, not one per line")
    func wrongBook() throws {
        let parcel = setting(TestBatches.goodParcel(), ["inventory", "emsNo"], to: "T2991W999999")
        let result = try TestBatches.run(try TestBatches.data(parcels: [parcel]))
        #expect(result.issues.map(\.rule) == ["inventory.account-book"], "\(result.issues.map { "\($0.rule) \($0.path)" })")
        #expect(result.issues.first?.path == "parcels[0].inventory.emsNo")
    }

    @Test(
        "the lines' kilograms may exceed the net weight by 5 % and 10 g: 2 kg allows 2.11 kg, not 2.111",
        arguments: [("1.8", false), ("1.99", false), ("1.991", true)]
    )
    func weightAllowance(firstLineKilograms: String, warns: Bool) throws {
        // The good parcel's lines declare 1.8 + 0.12 kg.
        let parcel = setting(
            setting(TestBatches.goodParcel(), ["inventory", "netWeight"], to: "2"), ["inventory", "items", 0, "legalQuantity"],
            to: firstLineKilograms)
        let result = try TestBatches.run(try TestBatches.data(parcels: [parcel]))
        #expect(result.issues.map(\.rule) == (warns ? ["plausibility.weight"] : []), "\(result.issues.map { "\($0.rule) \($0.message)" })")
    }

    @Test(
        "the single-transaction limit counts goods + freight + insurance: not tax, and not reduced by a discount",
        arguments: [
            ("2427.75", "10", "0", "0", false),  // goods 4,985 + freight 10 = 4,995
            ("2427.75", "20", "0", "0", true),  // + freight 20 = 5,005
            ("2427.75", "10", "400", "0", false),  // tax is not part of the dutiable value
            ("2427.75", "20", "0", "30", true),  // a discount does not bring 5,005 under
        ]
    )
    func singleTransactionBase(price: String, freight: String, tax: String, discount: String, over: Bool) throws {
        let goods = Decimal(string: price)! * 2 + Decimal(string: "129.5")!
        let paid = goods + Decimal(string: freight)! + Decimal(string: tax)! - Decimal(string: discount)!
        var parcel = setting(TestBatches.goodParcel(), ["order", "items", 0, "price"], to: price)
        for (key, value) in [("freight", freight), ("tax", tax), ("discount", discount), ("paid", "\(paid)")] {
            parcel = setting(parcel, ["order", key], to: value)
        }
        parcel = setting(parcel, ["payment", "amount"], to: "\(paid)")
        let result = try TestBatches.run(try TestBatches.data(parcels: [parcel]))
        #expect(
            result.issues.contains { $0.rule == "limit.single-transaction" } == over, "\(result.issues.map { "\($0.rule): \($0.message)" })"
        )
    }

    @Test("the good parcel passes every rule")
    func goodParcel() throws {
        let result = try TestBatches.run(try TestBatches.data(parcels: [TestBatches.goodParcel()]))
        #expect(result.issues.isEmpty, "\(result.issues)")
        #expect(result.documents.map(\.messageType.rawValue) == ["CEB311Message", "CEB411Message", "CEB511Message", "CEB621Message"])
    }

    @Test("each fault is reported by its rule, at its path", arguments: faults)
    func fault(_ fault: Fault) throws {
        let parcel = fault.mutate(TestBatches.goodParcel())
        let result = try TestBatches.run(try TestBatches.data(parcels: [parcel]))
        let matching = result.issues.filter { $0.rule == fault.rule }
        #expect(!matching.isEmpty, "expected \(fault.rule); got \(result.issues.map { "\($0.rule) \($0.path)" })")
        #expect(matching.contains { $0.path == fault.path }, "paths: \(matching.map(\.path))")
        #expect(matching.allSatisfy { $0.record.hasPrefix("parcels[0]") && $0.file == "batch.json" })
    }

    @Test("duplicates across parcels: business keys, waybill reuse, a second waybill for an order")
    func crossParcel() throws {
        let first = TestBatches.goodParcel(1)
        let repeated = TestBatches.goodParcel(1)
        var reused = TestBatches.goodParcel(2)
        reused = setting(reused, ["waybill", "waybillNo"], to: "SD0000000001")
        let result = try TestBatches.run(try TestBatches.data(parcels: [first, repeated, reused]))
        let rules = Set(result.issues.map(\.rule))
        #expect(rules.contains("batch.duplicate-key"))
        #expect(rules.contains("waybill.number-reused"))
        #expect(result.issues.first { $0.rule == "batch.duplicate-key" }?.message.contains("parcels[0]") == true)
    }

    @Test("the annual limit accumulates per buyer across parcels: over it within one batch is an error")
    func annualLimit() throws {
        let parcels = (1...45).map { TestBatches.goodParcel($0) }
        let result = try TestBatches.run(try TestBatches.data(parcels: parcels))
        let annual = result.issues.filter { $0.rule == "limit.annual" }
        #expect(!annual.isEmpty)
        #expect(annual.allSatisfy { $0.severity == .error })
        #expect(annual.allSatisfy { $0.path.hasSuffix("order.buyer.idNumber") })
        #expect(!annual[0].message.contains("11010519491231002X"), "ID numbers are masked in messages")
    }

    @Test("the profile switches a rule off or changes its severity")
    func ruleSettings() throws {
        var profile = try TestBatches.profile()
        profile.rules = RuleSettings(overrides: ["payment.payer-is-buyer": .off, "order.paid-matches-payment": .warning])
        var parcel = setting(TestBatches.goodParcel(), ["payment", "payer", "name"], to: "李强")
        parcel = setting(parcel, ["payment", "amount"], to: "653.68")
        let result = try TestBatches.run(try TestBatches.data(parcels: [parcel]), profile: profile)
        #expect(!result.issues.contains { $0.rule == "payment.payer-is-buyer" })
        #expect(result.issues.contains { $0.rule == "order.paid-matches-payment" && $0.severity == .warning })
    }
}
