import Adapters
import CEBMessages
import Foundation
import SchemaValidation
import SwgateTestSupport
import Testing

@Suite("Records to messages")
struct ConversionTests {
    @Test("derived totals: line totals rounded half-up to the fen, goods value, paid amount")
    func derivedTotals() throws {
        var parcel = TestBatches.goodParcel()
        parcel = setting(parcel, ["order", "items", 0, "price"], to: "33.335")
        parcel = setting(parcel, ["order", "items", 0, "quantity"], to: "3")
        parcel = setting(parcel, ["order", "paid"], to: nil)
        parcel = setting(parcel, ["order", "tax"], to: "0")
        parcel = setting(parcel, ["payment", "amount"], to: "219.51")
        var profile = try TestBatches.profile()
        profile.tariff = [:]
        let result = try TestBatches.run(try TestBatches.data(parcels: [parcel]), profile: profile)
        #expect(!result.issues.contains { $0.severity == .error }, "\(result.issues)")
        guard case .order(let order)? = result.documents.first?.body else {
            Issue.record("no order")
            return
        }
        // 3 × 33.335 = 100.005 → 100.01 (half-up); + 129.5 = 229.51; + 10 freight − 20 discount = 219.51.
        #expect(order.lines[0].totalPrice == Decimal(string: "100.01"))
        #expect(order.head.goodsValue == Decimal(string: "229.51"))
        #expect(order.head.acturalPaid == Decimal(string: "219.51"))
    }

    @Test("fields are filled from the profile and the parcel's other documents; times in China time")
    func filledFields() throws {
        let result = try TestBatches.run(try TestBatches.data(parcels: [TestBatches.goodParcel()]))
        let inventory = try #require(result.documents.first { $0.messageType == .ceb621 })
        guard case .inventory(let value) = inventory.body else { return }
        #expect(value.head.copNo?.hasPrefix("SW") == true)
        #expect(value.head.logisticsNo == "SD0000000001")
        #expect(value.head.logisticsCode == "3301980LOG")
        #expect(value.head.emsNo == "T2991W000001")
        #expect(value.head.areaCode == "3301960WHS")
        #expect(value.head.country == "142")
        #expect(value.head.buyerName == "李娜")
        #expect(value.head.grossWeight == Decimal(string: "2.9"))
        #expect(value.lines[0].gname == "婴儿配方奶粉")
        #expect(value.lines[0].unit == "122")
        #expect(value.lines[0].country == "601")
        #expect(value.head.declTime == "20261126")
        let payment = try #require(result.documents.first { $0.messageType == .ceb411 })
        guard case .payment(let head) = payment.body else { return }
        #expect(head.payTime == "20261125101500")
        #expect(head.payCode == "3120960ABC")
    }

    @Test("converting the same records twice gives the same guids and copNo")
    func stableIdentity() throws {
        let data = try TestBatches.data(parcels: [TestBatches.goodParcel()])
        let first = try TestBatches.run(data).documents
        let second = try TestBatches.run(data).documents
        #expect(first.map(\.guid) == second.map(\.guid))
        #expect(first.map(\.businessKey) == second.map(\.businessKey))
    }

    @Test("every message converted from the examples is valid under the schema", arguments: ["bonded-batch.json", "direct-batch.json"])
    func examplesValid(_ name: String) throws {
        let profile = try TestBatches.profile()
        let validator = try SchemaValidator()
        let log = IssueLog(file: name, rules: profile.rules)
        var packer = MessagePacker(limit: 1, profile: profile)
        var count = 0
        try BatchConverter(profile: profile).convert(Fixtures.checkout.appendingPathComponent("examples/\(name)"), log: log) { document in
            guard let packed = packer.add(document) else { return }
            let xml = packed.message.xmlData()
            let result = packed.messageType.requiresSignature ? validator.validateUnsigned(xml) : validator.validate(xml)
            #expect(result.isValid, "\(packed.fileName): \(result.issues)")
            count += 1
        }
        #expect(log.issues.filter { $0.severity == .error }.isEmpty, "\(log.issues)")
        #expect(count >= 48)
    }
}

@Suite("Code tables and identity numbers")
struct CodeTableTests {
    @Test("lookups accept customs codes, ISO codes and Chinese names; unknowns are nil")
    func lookups() {
        #expect(CodeTables.currency("CNY") == "142")
        #expect(CodeTables.currency("142") == "142")
        #expect(CodeTables.currency("usd") == "502")
        #expect(CodeTables.currency("ABC") == nil)
        #expect(CodeTables.country("AU") == "601")
        #expect(CodeTables.country("澳大利亚") == "601")
        #expect(CodeTables.country("601") == "601")
        #expect(CodeTables.country("XX") == nil)
        #expect(CodeTables.unit("罐") == "122")
        #expect(CodeTables.unit("035") == "035")
        #expect(CodeTables.unit("吨吨") == nil)
        #expect(CodeTables.transportMode("y") == "Y")
        #expect(CodeTables.wrapType("纸箱") == "2")
    }

    @Test("resident ID numbers: form, birth date, region and checksum")
    func residentID() {
        #expect(ResidentID.problem("11010519491231002X") == nil)
        #expect(ResidentID.problem("11010519491231002x") == nil)
        #expect(ResidentID.problem("110105194912310021") == .checksum(expected: "X"))
        #expect(ResidentID.problem("11010519491331002X") == .birthDate)
        #expect(ResidentID.problem("99010519491231002X") == .region)
        #expect(ResidentID.problem("1101051949123100") == .length)
        #expect(ResidentID.problem("11010519491231A02X") == .characters)
        #expect(ResidentID.masked("11010519491231002X") == "110*************2X")
    }

    @Test("text is normalised the same way on every document")
    func normalisation() {
        #expect(TextNormalisation.canonical("  李  娜 ") == "李 娜")
        #expect(TextNormalisation.canonical("Cafe\u{0301}") == "Café")
        #expect(TextNormalisation.canonical("文三路\t100号") == "文三路 100号")
    }
}
