import CEBMessages
import Foundation
import SwgateTestSupport
import Testing

@Suite("swgate convert and check")
struct ConvertCommandTests {
    var profile: String { Fixtures.checkout.appendingPathComponent("examples/swgate.json").path }
    var bonded: String { Fixtures.checkout.appendingPathComponent("examples/bonded-batch.json").path }

    @Test("convert writes one valid file per message plus manifest.json")
    func convert() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let out = folder.appendingPathComponent("out")
        let result = try SwgateProcess.run(["convert", bonded, "--config", profile, "--out", out.path, "--pack", "10"])
        #expect(result.status == 0, "\(result.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(files.contains("manifest.json"))
        let messages = files.filter { $0.hasSuffix(".xml") }
        #expect(messages.count == 12)
        #expect(
            messages.allSatisfy { $0.range(of: #"^CEB(311|411|511|621)Message_[0-9A-F-]{36}\.xml$"#, options: .regularExpression) != nil })
        let manifest =
            try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("manifest.json"))) as? [String: Any]
        let entries = manifest?["messages"] as? [[String: Any]] ?? []
        #expect(entries.count == 12)
        #expect(entries.flatMap { $0["documents"] as? [[String: Any]] ?? [] }.count == 96)
        let validation = try SwgateProcess.run(
            ["validate"] + messages.filter { !$0.hasPrefix("CEB621") }.map { out.appendingPathComponent($0).path })
        #expect(validation.status == 0, "\(validation.stdout)")
    }

    @Test("a batch with errors writes nothing, lists every problem and exits 1")
    func failedConversion() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { Fixtures.removeTemporaryDirectory(folder) }
        var text = try String(contentsOfFile: bonded, encoding: .utf8)
        text = text.replacingFirst("\"amount\": \"", with: "\"amount\": \"1")
        text = text.replacingFirst("\"idNumber\": \"", with: "\"idNumber\": \"9")
        let batch = folder.appendingPathComponent("bad.json")
        try Data(text.utf8).write(to: batch)
        let out = folder.appendingPathComponent("out")
        let result = try SwgateProcess.run(["convert", batch.path, "--config", profile, "--out", out.path])
        #expect(result.status == 1)
        #expect(!FileManager.default.fileExists(atPath: out.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["bad.json"])
        #expect(result.stderr.contains("[order.paid-matches-payment]"))
        #expect(result.stderr.contains("[buyer.id-number]"))
        #expect(!result.stderr.contains("Fatal error"))
    }

    @Test("check --json prints the findings as an array; exit 1 on errors, 0 on warnings only")
    func checkJSON() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let text = try String(contentsOfFile: bonded, encoding: .utf8).replacingFirst("\"weight\": \"", with: "\"weight\": \"x")
        let batch = folder.appendingPathComponent("bad.json")
        try Data(text.utf8).write(to: batch)
        let result = try SwgateProcess.run(["check", batch.path, "--config", profile, "--json"])
        #expect(result.status == 1)
        let answer = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(answer["ok"] as? Bool == false)
        #expect(((answer["error"] as? [String: Any])?["exitCode"] as? Int) == 1)
        let array = try #require(answer["problems"] as? [[String: String]])
        let issue = try #require(array.first { $0["rule"] == "record.invalid-value" })
        #expect(issue["path"] == "parcels[0].waybill.weight")
        #expect(Set(issue.keys) == ["rule", "severity", "file", "record", "path", "message"])
        let clean = try SwgateProcess.run(["check", bonded, "--config", profile, "--json"])
        #expect(clean.status == 0)
        let cleanAnswer = try #require(try JSONSerialization.jsonObject(with: Data(clean.stdout.utf8)) as? [String: Any])
        #expect((cleanAnswer["problems"] as? [Any])?.isEmpty == true && cleanAnswer["error"] == nil)
    }

    @Test("an existing non-empty --out, a missing profile and a broken profile are clear errors")
    func refusals() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { Fixtures.removeTemporaryDirectory(folder) }
        try Data("x".utf8).write(to: folder.appendingPathComponent("keep.txt"))
        let busy = try SwgateProcess.run(["convert", bonded, "--config", profile, "--out", folder.path])
        #expect(busy.status == 1)
        #expect(busy.stderr.contains("not empty"))
        let missing = try SwgateProcess.run(["check", bonded, "--config", folder.appendingPathComponent("none.json").path])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("does not exist"))
        let broken = folder.appendingPathComponent("broken.json")
        try Data(#"{"platform": {"code": "X"}, "customs": {"office": "29", "port": "2991"}}"#.utf8).write(to: broken)
        let invalid = try SwgateProcess.run(["check", bonded, "--config", broken.path])
        #expect(invalid.status == 1)
        #expect(invalid.stderr.contains("$.platform.name"))
        #expect(invalid.stderr.contains("$.customs.office"))
        #expect(invalid.stderr.contains("$.agent"))
    }
}
