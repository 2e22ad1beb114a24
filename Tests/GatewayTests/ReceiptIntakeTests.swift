import CEBMessages
import Foundation
import Gateway
@testable import Outbox
import SwgateTestSupport
import Testing

@Suite("Receipt intake and precedence")
struct ReceiptIntakeTests {
    @Test("precedence: a status only moves up; finals stand (released may become closed)")
    func precedence() {
        let codes = ["1", "2", "3", "4", "-301010", "-1", "120", "300", "399", "500", "501", "599", "100", "700", "800", "899"]
        for current in codes {
            for new in codes {
                let expected: Bool
                if CustomsStatus.rank(current) >= 90 {
                    expected = current == "800" && new == "899"
                } else {
                    expected = CustomsStatus.rank(new) > CustomsStatus.rank(current)
                }
                #expect(CustomsStatus.supersedes(new, current) == expected, "\(new) over \(current)")
            }
            #expect(CustomsStatus.supersedes(current, nil))
        }
        #expect(!CustomsStatus.supersedes("120", "800"))
        #expect(CustomsStatus.supersedes("800", "120"))
        #expect(CustomsStatus.supersedes("120", "-621002"), "an error is overtaken by a later acceptance")
        #expect(!CustomsStatus.supersedes("2", "100"))
        #expect(CustomsStatus.isFinal("800", for: .ceb622) && !CustomsStatus.isFinal("120", for: .ceb622))
        #expect(CustomsStatus.isFinal("120", for: .ceb312))
    }

    /// `swgate submit` of the bonded example into `folder/outbox`; returns the outbox path.
    static func submitBonded(in folder: URL) throws -> String {
        let outbox = folder.appendingPathComponent("outbox").path
        let profile = Fixtures.checkout.appendingPathComponent("examples/swgate.json").path
        let result = try SwgateProcess.run([
            "submit", Fixtures.checkout.appendingPathComponent("examples/bonded-batch.json").path, "--config", profile, "--outbox", outbox,
        ])
        try #require(result.status == 0, "\(result.stderr)")
        // Customs answers only what it was sent: record every message sent once.
        try SQLOutbox(directory: URL(fileURLWithPath: outbox)).markAllSentForTesting()
        return outbox
    }

    /// The bonded example submitted, and its messy receipts written into `folder/inbox`.
    static func bondedWithMessyReceipts(in folder: URL) throws -> (outbox: String, store: SQLOutbox, inbox: URL, distinct: Int) {
        let outbox = try submitBonded(in: folder)
        let inbox = folder.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        let store = try SQLOutbox(directory: URL(fileURLWithPath: outbox))
        return (outbox, store, inbox, try messyReceipts(for: store, into: inbox))
    }

    /// Receipts for every document of the bonded example, the way customs might send them:
    /// shuffled, duplicated, out of order, some with guids that match nothing, half wrapped, some with a BOM.
    static func messyReceipts(for store: SQLOutbox, into folder: URL) throws -> Int {
        var random = SystemRandomNumberGenerator()
        var files: [Data] = []
        let documents = try store.documents(DocumentFilter(limit: 1000))
        for document in documents {
            let detail = try #require(try store.details(String(document.id)).first)
            let message = try AnyCEBMessage.parse(detail.payload)
            let guid = Bool.random(using: &random) ? document.guid : CEBGuid.make()
            switch message {
            case .ceb311(let value):
                let head = value.orders[0].head
                for status in ["2", "120"] {
                    files.append(
                        CEB312Message(returns: [
                            OrderReturn(
                                guid: guid, ebpCode: head.ebpCode, ebcCode: head.ebcCode, orderNo: head.orderNo, returnStatus: status,
                                returnTime: "20261125103000000", returnInfo: "ok \(status)")
                        ]).xmlData())
                }
            case .ceb411(let value):
                let head = value.payments[0]
                files.append(
                    CEB412Message(returns: [
                        PaymentReturn(
                            guid: guid, payCode: head.payCode, payTransactionId: head.payTransactionId, returnStatus: "120",
                            returnTime: "20261125103000000", returnInfo: "ok")
                    ]).xmlData())
            case .ceb511(let value):
                let head = value.waybills[0]
                files.append(
                    CEB512Message(returns: [
                        LogisticsReturn(
                            guid: guid, logisticsCode: head.logisticsCode, logisticsNo: head.logisticsNo, returnStatus: "120",
                            returnTime: "20261125103000000", returnInfo: "ok")
                    ]).xmlData())
            case .ceb621(let value):
                let head = value.inventories[0].head
                let preNo = "B20261125" + String(format: "%09d", document.id)
                let invtNo = "29912026I" + String(format: "%09d", document.id)
                for (status, withInvt) in [("2", false), ("120", true), ("399", true), ("800", true)] {
                    let answer = InventoryReturn(
                        guid: guid, customsCode: "2991", copNo: head.copNo ?? "", preNo: preNo, invtNo: withInvt ? invtNo : nil,
                        returnStatus: status, returnTime: "20261125103000000", returnInfo: "s\(status)")
                    files.append(CEB622Message(returns: [answer]).xmlData())
                }
            default:
                break
            }
        }
        let original = files.count
        files += files.prefix(files.count / 3)
        files.shuffle(using: &random)
        for (index, data) in files.enumerated() {
            var bytes = data
            if index % 2 == 0 {
                let type = (try? AnyCEBMessage.parse(data))?.messageType.rawValue ?? "CEB312Message"
                bytes = DxpEnvelope(
                    transInfo: DxpTransInfo(
                        copMsgId: "R\(index)", senderId: "DXPEDCCEB0000002", receiverIds: ["DXPENT0000000001"], creatTime: Date(),
                        msgType: type), data: data
                ).xmlData()
            }
            if index % 5 == 0 { bytes = Data([0xEF, 0xBB, 0xBF]) + bytes }
            try bytes.write(to: folder.appendingPathComponent(String(format: "r%05d.xml", index)))
        }
        return original
    }

    @Test("messy receipts bring every document to its final status; importing them again changes nothing")
    func importMessy() throws {
        let folder = try Fixtures.temporaryDirectory("swgate-receipts")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let (outbox, store, inbox, distinct) = try Self.bondedWithMessyReceipts(in: folder)
        let first = try SwgateProcess.run(["receipts", "import", inbox.path, "--outbox", outbox, "--json"])
        #expect(first.status == 0, "\(first.stderr)")
        let counts = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Int])
        #expect(counts["applied"] == distinct)
        #expect(counts["unmatched"] == 0)
        let status = try store.status(now: Date())
        #expect(status.documentsByStatus["800"] == 24)
        #expect(status.documentsByStatus["120"] == 72)
        let inventory = try #require(try store.documents(DocumentFilter(type: .ceb621, limit: 1)).first)
        #expect(inventory.invtNo?.hasPrefix("29912026I") == true)
        #expect(inventory.preNo?.hasPrefix("B20261125") == true)
        // Every distinct receipt file is archived once, byte for byte.
        let received = try FileManager.default.contentsOfDirectory(at: inbox, includingPropertiesForKeys: nil).map {
            try Data(contentsOf: $0)
        }
        let archived = try store.rawReceipts()
        #expect(archived.count == Set(received).count)
        #expect(Set(archived) == Set(received))
        let second = try SwgateProcess.run(["receipts", "import", inbox.path, "--outbox", outbox, "--json"])
        let again = try #require(try JSONSerialization.jsonObject(with: Data(second.stdout.utf8)) as? [String: Int])
        #expect(again["applied"] == 0)
        #expect(try store.status(now: Date()) == status)
    }

    @Test("a receipt before its document is kept and listed, and never applied: not at submit, not once the document is sent")
    func unmatchedNeverApplied() throws {
        let folder = try Fixtures.temporaryDirectory("swgate-unmatched")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let outbox = folder.appendingPathComponent("outbox").path
        let receipt = folder.appendingPathComponent("r.xml")
        try CEB312Message(returns: [
            OrderReturn(
                guid: CEBGuid.make(), ebpCode: "3301960XYZ", ebcCode: "3301960XYZ", orderNo: "HT2026112500000000", returnStatus: "120",
                returnTime: "20261125103000000", returnInfo: "early")
        ]).xmlData().write(to: receipt)
        #expect(try SwgateProcess.run(["outbox", "init", "--outbox", outbox]).status == 0)
        let early = try SwgateProcess.run(["receipts", "import", receipt.path, "--outbox", outbox, "--json"])
        #expect(early.stdout.contains("\"unmatched\": 1"))
        let listed = try SwgateProcess.run(["receipts", "unmatched", "--outbox", outbox])
        #expect(listed.stdout.contains("CEB311|3301960XYZ:HT2026112500000000"))
        #expect(listed.stdout.contains("no such document"))
        let profile = Fixtures.checkout.appendingPathComponent("examples/swgate.json").path
        #expect(
            try SwgateProcess.run([
                "submit", Fixtures.checkout.appendingPathComponent("examples/bonded-batch.json").path, "--config", profile, "--outbox",
                outbox,
            ]).status == 0)
        let store = try SQLOutbox(directory: URL(fileURLWithPath: outbox))
        #expect(try store.documents(DocumentFilter(type: .ceb311, orderNo: "HT2026112500000000")).first?.customsStatus == nil)
        let after = try SwgateProcess.run(["receipts", "unmatched", "--outbox", outbox])
        #expect(after.stdout.contains("never sent"), "\(after.stdout)")
        // Sent now, and waiting receipts applied as the next submission would: still not applied.
        try store.markAllSentForTesting()
        try store.applyWaitingReceipts(now: Date())
        #expect(try store.documents(DocumentFilter(type: .ceb311, orderNo: "HT2026112500000000")).first?.customsStatus == nil)
    }

    @Test("garbage and hostile receipts are refused with the file named; the rest of the folder still counts")
    func refusals() throws {
        let folder = try Fixtures.temporaryDirectory("swgate-refused")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let inbox = folder.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        try Data("<<<".utf8).write(to: inbox.appendingPathComponent("a.xml"))
        try Data("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>".utf8).write(to: inbox.appendingPathComponent("b.xml"))
        let sample = try Fixtures.sample(.ceb312)
        try sample.write(to: inbox.appendingPathComponent("c.xml"))
        // A well-formed receipt, but larger than the limit: refused unread.
        try (sample + Data(repeating: 0x20, count: 40_000)).write(to: inbox.appendingPathComponent("d.xml"))
        #expect(try SwgateProcess.run(["outbox", "init", "--outbox", folder.appendingPathComponent("outbox").path]).status == 0)
        let result = try SwgateProcess.run([
            "receipts", "import", inbox.path, "--outbox", folder.appendingPathComponent("outbox").path, "--max-bytes", "32768",
        ])
        #expect(result.status == 1)
        #expect(result.stderr.contains("a.xml") && result.stderr.contains("b.xml"))
        #expect(
            result.stderr.contains(
                "d.xml: refused: cannot read \(inbox.path)/d.xml: it is \(sample.count + 40_000) bytes, over the 32768-byte limit"))
        #expect(result.stdout.contains("3 refused"))
        #expect(result.stdout.contains("1 unmatched"))
    }

    @Test("file drop: complete files are applied and moved to done/, bad ones quarantined with a note, files in progress left alone")
    func watchFolder() throws {
        let folder = try Fixtures.temporaryDirectory("swgate-watch")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let outbox = try Self.submitBonded(in: folder)
        let drop = folder.appendingPathComponent("drop")
        try FileManager.default.createDirectory(at: drop, withIntermediateDirectories: true)
        let store = try SQLOutbox(directory: URL(fileURLWithPath: outbox))
        _ = try Self.messyReceipts(for: store, into: drop)
        let good = try FileManager.default.contentsOfDirectory(atPath: drop.path).count
        try Data("<<<".utf8).write(to: drop.appendingPathComponent("zz-garbage.xml"))
        try Data("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>".utf8).write(
            to: drop.appendingPathComponent("zz-hostile.xml"))
        try Data("<ceb:CEB622Message".utf8).write(to: drop.appendingPathComponent("incoming.xml.part"))
        try (try Fixtures.sample(.ceb312) + Data(repeating: 0x20, count: 70_000)).write(to: drop.appendingPathComponent("zz-large.xml"))

        let first = try SwgateProcess.run([
            "receipts", "watch", drop.path, "--outbox", outbox, "--once", "--settle", "0", "--max-bytes", "65536",
        ])
        #expect(first.status == 1, "a quarantined file makes --once exit 1")
        #expect(first.stderr.contains("zz-garbage.xml") && first.stderr.contains("zz-hostile.xml"))
        let manager = FileManager.default
        #expect(try manager.contentsOfDirectory(atPath: drop.appendingPathComponent("done").path).count == good)
        let quarantined = try manager.contentsOfDirectory(atPath: drop.appendingPathComponent("quarantine").path).sorted()
        #expect(
            quarantined == [
                "zz-garbage.xml", "zz-garbage.xml.err", "zz-hostile.xml", "zz-hostile.xml.err", "zz-large.xml", "zz-large.xml.err",
            ])
        let large = try String(contentsOf: drop.appendingPathComponent("quarantine/zz-large.xml.err"), encoding: .utf8)
        #expect(large.contains("over the 65536-byte limit"))
        let note = try String(contentsOf: drop.appendingPathComponent("quarantine/zz-hostile.xml.err"), encoding: .utf8)
        #expect(!note.isEmpty)
        #expect(
            manager.fileExists(atPath: drop.appendingPathComponent("incoming.xml.part").path), "a file still being written is not taken")
        #expect(try store.status(now: Date()).documentsByStatus["800"] == 24)

        // A second pass finds nothing new; the statuses stand.
        let before = try store.status(now: Date())
        let second = try SwgateProcess.run(["receipts", "watch", drop.path, "--outbox", outbox, "--once", "--settle", "0"])
        #expect(second.status == 0)
        #expect(second.stdout.contains("0 files done"))
        #expect(try store.status(now: Date()) == before)
    }

    @Test("replay rebuilds the same statuses from the archive into a fresh outbox, the same every time; the source is untouched")
    func replay() throws {
        let folder = try Fixtures.temporaryDirectory("swgate-replay")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let (outbox, store, inbox, distinct) = try Self.bondedWithMessyReceipts(in: folder)
        #expect(try SwgateProcess.run(["receipts", "import", inbox.path, "--outbox", outbox]).status == 0)

        func statuses(_ store: SQLOutbox) throws -> [Int64: String] {
            Dictionary(
                uniqueKeysWithValues: try store.documents(DocumentFilter(limit: 1000)).map {
                    ($0.id, "\($0.customsStatus ?? "-") \($0.preNo ?? "-") \($0.invtNo ?? "-")")
                })
        }
        let original = try statuses(store)
        #expect(original.count == 96)
        var replayed: [[Int64: String]] = []
        for name in ["first", "second"] {
            let target = folder.appendingPathComponent(name).path
            let result = try SwgateProcess.run(["receipts", "replay", "--outbox", outbox, "--into", target, "--json"])
            #expect(result.status == 0, "\(result.stderr)")
            let counts = try #require(
                (try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])?.compactMapValues { $0 as? Int })
            #expect(counts["applied"] == distinct, "every answer is applied afresh, not copied")
            #expect(counts["refused"] == 0 && counts["unmatched"] == 0)
            replayed.append(try statuses(try SQLOutbox(directory: URL(fileURLWithPath: target))))
        }
        #expect(replayed[0] == original)
        #expect(replayed[1] == replayed[0])
        #expect(try statuses(store) == original)
        let again = try SwgateProcess.run(["receipts", "replay", "--outbox", outbox, "--into", folder.appendingPathComponent("first").path])
        #expect(again.status == 1, "an existing outbox is never overwritten")
        #expect(again.stderr.contains("not empty"))
    }
}
