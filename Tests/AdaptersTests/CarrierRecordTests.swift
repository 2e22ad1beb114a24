import Adapters
import CEBMessages
import Foundation
import SchemaValidation
import SwgateTestSupport
import Testing

/// Waybill statuses (CEB513) and supervised-site entry lists (CEB711) from records.
@Suite("Waybill statuses and entry lists")
struct CarrierRecordTests {
    static var statuses: [[String: Any]] {
        [
            ["carrier": "suda", "waybillNo": "SD2026112500001", "time": "2026-11-25T18:30:00+08:00"],
            ["carrier": "yunhai", "waybillNo": "YH2026112500002", "status": "S", "time": "2026-11-25T10:30:00Z", "note": "本人签收"],
        ]
    }
    static var deliveries: [[String: Any]] {
        [
            [
                "carrier": "suda", "operator": ["code": "3301980JGC", "name": "杭州萧山机场监管中心"],
                "transport": ["mode": "5", "vehicle": "CA1234", "voyage": "CA1234/20261125", "billNo": "999-12345675"],
                "unloadLocation": "杭州萧山国际机场", "waybills": ["SD2026112500001", "SD2026112500003"],
            ],
            [
                "carrier": "yunhai", "copNo": "RK20261125001",
                "transport": ["mode": "航空运输", "vehicle": "MU5001", "voyage": "MU5001/20261125", "billNo": "781-00000001"],
                "waybills": ["YH2026112500002"],
            ],
        ]
    }

    static func batch(statuses: [[String: Any]] = statuses, deliveries: [[String: Any]] = deliveries) throws -> Data {
        try JSONSerialization.data(withJSONObject: ["waybillStatuses": statuses, "deliveries": deliveries], options: [.sortedKeys])
    }

    @Test("statuses become CEB513 and entry lists CEB711: fields from the record and the profile, China time, valid under the schema")
    func convert() throws {
        let (issues, documents) = try TestBatches.run(try Self.batch())
        #expect(issues.isEmpty, "\(issues)")
        #expect(documents.map(\.messageType) == [.ceb513, .ceb513, .ceb711, .ceb711])
        guard case .waybillStatus(let first) = documents[0].body, case .waybillStatus(let second) = documents[1].body else {
            Issue.record("not waybill statuses")
            return
        }
        #expect(first.logisticsCode == "3301980LOG")
        #expect(first.logisticsNo == "SD2026112500001")
        #expect(first.logisticsStatus == "S")
        #expect(first.logisticsTime == "20261125183000")
        #expect(second.logisticsTime == "20261125183000", "10:30 UTC is 18:30 in China")
        #expect(second.note == "本人签收")
        #expect(documents[0].businessKey == "3301980LOG:SD2026112500001")
        guard case .delivery(let byAir) = documents[2].body, case .delivery(let defaulted) = documents[3].body else {
            Issue.record("not entry lists")
            return
        }
        #expect(byAir.head.operatorCode == "3301980JGC")
        #expect(byAir.head.ieFlag == "I")
        #expect(byAir.head.trafMode == "5")
        #expect(byAir.head.billNo == "999-12345675")
        #expect(byAir.head.customsCode == "2991")
        #expect(byAir.lines.map(\.gnum) == [1, 2])
        #expect(byAir.lines.map(\.logisticsNo) == ["SD2026112500001", "SD2026112500003"])
        #expect(byAir.head.copNo?.hasPrefix("SWD") == true, "a copNo is made when the record has none")
        #expect((byAir.head.copNo?.count ?? 0) <= 20)
        let profile = try TestBatches.profile()
        #expect(defaulted.head.operatorCode == profile.area?.code, "the profile's bonded area enterprise when the record names no operator")
        #expect(defaulted.head.copNo == "RK20261125001")
        #expect(defaulted.head.trafMode == "5", "a Chinese transport mode name is looked up")
        #expect(documents[3].businessKey == "\(profile.area?.code ?? ""):RK20261125001")

        // Packed and validated as `convert` does: CEB711 one list a message, and signed.
        let validator = try SchemaValidator()
        var packer = MessagePacker(limit: 10, profile: profile)
        var packed = documents.compactMap { packer.add($0) }
        packed += packer.flush()
        #expect(packed.map(\.messageType).sorted { $0.rawValue < $1.rawValue } == [.ceb513, .ceb711, .ceb711])
        for message in packed {
            #expect(message.messageType.requiresSignature == (message.messageType == .ceb711))
            let xml = message.message.xmlData()
            let result = message.messageType.requiresSignature ? validator.validateUnsigned(xml) : validator.validate(xml)
            #expect(result.isValid, "\(message.fileName): \(result.issues)")
        }
        // The same records give the same identities.
        let again = try TestBatches.run(try Self.batch()).documents
        #expect(again.map(\.guid) == documents.map(\.guid))
    }

    @Test("JSON Lines carry them too: {\"waybillStatus\": …} and {\"delivery\": …}")
    func jsonLines() throws {
        var lines = Data()
        for status in Self.statuses { lines += try JSONSerialization.data(withJSONObject: ["waybillStatus": status]) + Data("\n".utf8) }
        for delivery in Self.deliveries { lines += try JSONSerialization.data(withJSONObject: ["delivery": delivery]) + Data("\n".utf8) }
        let (issues, documents) = try TestBatches.run(lines, ext: "jsonl")
        #expect(issues.isEmpty, "\(issues)")
        #expect(documents.map(\.guid) == (try TestBatches.run(try Self.batch()).documents.map(\.guid)))
    }

    @Test(
        "every problem reported with its path and rule: unknown carrier, status, empty or repeated waybills, no transport, twice the same status"
    )
    func problems() throws {
        var statuses = Self.statuses
        statuses[0]["carrier"] = "nobody"
        statuses[1]["status"] = "X"
        statuses.append(Self.statuses[1])
        statuses.append(Self.statuses[1])
        var deliveries = Self.deliveries
        deliveries[0]["waybills"] = [String]()
        deliveries[1]["waybills"] = ["YH1", "YH1"]
        deliveries.append(["carrier": "suda", "waybills": ["SD1"]])
        let (issues, _) = try TestBatches.run(try Self.batch(statuses: statuses, deliveries: deliveries))
        func has(_ rule: String, _ path: String) -> Bool { issues.contains { $0.rule == rule && $0.path == path } }
        #expect(has("profile.unknown-carrier", "waybillStatuses[0].carrier"), "\(issues)")
        #expect(has("record.invalid-value", "waybillStatuses[1].status"), "\(issues)")
        #expect(has("batch.duplicate-key", "waybillStatuses[3]"), "\(issues)")
        #expect(has("record.invalid-value", "deliveries[0].waybills"), "\(issues)")
        #expect(has("batch.duplicate-key", "deliveries[1].waybills[1]"), "\(issues)")
        #expect(has("record.missing-field", "deliveries[2].transport"), "\(issues)")
        #expect(issues.allSatisfy { $0.severity == .error })
    }

    @Test("customs' answers find them: CEB514 by carrier and waybill, CEB712 by copNo")
    func receiptKeys() throws {
        let statusKeys = ReceiptKeys.documentKeys(type: .ceb513, businessKey: "3301980LOG:SD1", orderNo: "")
        let deliveryKeys = ReceiptKeys.documentKeys(type: .ceb711, businessKey: "3301960WHS:RK1", orderNo: "")
        let answers = try ReceiptFile.read(
            CEB514Message(returns: [
                LogisticsStatusReturn(
                    guid: CEBGuid.make(), logisticsCode: "3301980LOG", logisticsNo: "SD1", logisticsStatus: "S", returnStatus: "120",
                    returnTime: "20261125103000000", returnInfo: "ok")
            ]).xmlData())
        #expect(ReceiptKeys.receiptKeys(try #require(answers.returns.first)).contains { statusKeys.contains($0) })
        let entry = try ReceiptFile.read(
            CEB712Message(returns: [
                DeliveryReturn(guid: CEBGuid.make(), copNo: "RK1", returnStatus: "120", returnTime: "20261125103000000", returnInfo: "ok")
            ]).xmlData())
        #expect(ReceiptKeys.receiptKeys(try #require(entry.returns.first)) == deliveryKeys)
    }
}
