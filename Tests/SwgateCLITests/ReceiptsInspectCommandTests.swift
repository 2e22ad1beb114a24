import CEBMessages
import Foundation
import SwgateTestSupport
import Testing

@Suite("swgate receipts inspect")
struct ReceiptsInspectCommandTests {
    @Test("--json prints one object per return element with every field and a meaning")
    func json() throws {
        let result = try SwgateProcess.run([
            "receipts", "inspect", "--json", Fixtures.sampleURL(.ceb622).path, Fixtures.sampleURL(.ceb312).path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let parsed = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        let array = try #require((parsed as? [String: Any])?["receipts"] as? [[String: String]])
        let expected = try [CEBMessageType.ceb622, .ceb312].map { type in
            String(decoding: try Fixtures.sample(type), as: UTF8.self).components(separatedBy: "<\(type.returnElementName ?? "?")>").count
                - 1
        }.reduce(0, +)
        #expect(expected > 2)
        #expect(array.count == expected)
        let first = try #require(array.first)
        #expect(first["messageType"] == "CEB622Message")
        #expect(first["copNo"] == "cop2016032211000")
        #expect(first["preNo"] == "B20160512000001882")
        #expect(first["returnStatus"] == "1")
        #expect(first["returnTime"] == "20160512102646001")
        #expect(first["statusMeaning"] == "saved as draft by the E-Port")
        let last = try #require(array.last)
        #expect(last["messageType"] == "CEB312Message")
        #expect(last["orderNo"] != nil)
        #expect(last["statusMeaning"] == "accepted by the E-Port, declaring to customs")
    }

    @Test("a folder is read file by file; an unparseable or oversized file is named and makes the exit 1")
    func folderWithGarbage() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { Fixtures.removeTemporaryDirectory(folder) }
        try Fixtures.sample(.ceb512).write(to: folder.appendingPathComponent("a.xml"))
        try Data("<<<garbage".utf8).write(to: folder.appendingPathComponent("b.xml"))
        // Over the 16 MiB a receipt may have: refused unread, like `receipts import` does.
        try (try Fixtures.sample(.ceb512) + Data(repeating: 0x20, count: 16 * 1024 * 1024)).write(
            to: folder.appendingPathComponent("c.xml"))
        let result = try SwgateProcess.run(["receipts", "inspect", "--json", folder.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("b.xml"))
        #expect(
            result.stderr.contains("c.xml: not a readable receipt: cannot read") && result.stderr.contains("over the 16777216-byte limit"))
        let answer = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(answer["unreadable"] as? Int == 2)
        let array = try #require(answer["receipts"] as? [[String: String]])
        #expect(!array.isEmpty)
        #expect(array.allSatisfy { $0["messageType"] == "CEB512Message" })
    }

    @Test("without --json a table is printed")
    func table() throws {
        let result = try SwgateProcess.run(["receipts", "inspect", Fixtures.sampleURL(.ceb412).path])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("FILE"))
        #expect(result.stdout.contains("CEB412Message"))
    }
}
