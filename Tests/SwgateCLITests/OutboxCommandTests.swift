import CEBMessages
import Foundation
import SwgateTestSupport
import Testing

@Suite("swgate submit, status, list, show, retry, cancel, export, doctor")
struct OutboxCommandTests {
    var profile: String { Fixtures.checkout.appendingPathComponent("examples/swgate.json").path }
    var bonded: String { Fixtures.checkout.appendingPathComponent("examples/bonded-batch.json").path }

    @Test("reading commands on a folder that holds no outbox say so and create nothing")
    func noOutbox() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let mistyped = folder.appendingPathComponent("outbx")
        for arguments in [
            ["status"], ["list"], ["show", "1"], ["doctor"], ["export"], ["retry", "--state", "dead"], ["receipts", "unmatched"],
        ] {
            let result = try SwgateProcess.run(arguments + ["--outbox", mistyped.path])
            #expect(result.status == 1, "\(arguments)")
            #expect(result.stderr.contains("there is no outbox at"), "\(arguments): \(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: mistyped.path), "nothing was created")
    }

    @Test("submit is all-or-nothing and idempotent; status and list report it as JSON")
    func submitTwice() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let outbox = folder.appendingPathComponent("outbox").path
        let first = try SwgateProcess.run(["submit", bonded, "--config", profile, "--outbox", outbox, "--json"])
        #expect(first.status == 0, "\(first.stderr)")
        let firstJSON = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        #expect((firstJSON["counts"] as? [String: Int])?["enqueued"] == 96)
        let second = try SwgateProcess.run(["submit", bonded, "--config", profile, "--outbox", outbox, "--json"])
        #expect(second.status == 0)
        let secondJSON = try #require(try JSONSerialization.jsonObject(with: Data(second.stdout.utf8)) as? [String: Any])
        #expect((secondJSON["counts"] as? [String: Int])?["alreadyPresent"] == 96)
        #expect((secondJSON["counts"] as? [String: Int])?["enqueued"] == 0)

        let status = try SwgateProcess.run(["status", "--outbox", outbox, "--json"])
        let statusJSON = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        #expect((statusJSON["documentCounts"] as? [String: Any])?["total"] as? Int == 96)
        #expect(((statusJSON["messageCounts"] as? [String: Any])?["byState"] as? [String: Int])?["queued"] == 96)
        #expect(statusJSON["overdueDocuments"] as? Int == 0, "queued documents are not overdue: customs has not had them")
        #expect(try SwgateProcess.run(["status", "--outbox", outbox, "--deadline", "soon"]).status == 2)

        let list = try SwgateProcess.run(["list", "--outbox", outbox, "--type", "CEB621Message", "--json", "--limit", "5"])
        let rows = try #require(
            (try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any])?["documents"] as? [[String: Any]])
        #expect(rows.count == 5)
        let row = try #require(rows.first)
        #expect(row["messageType"] as? String == "CEB621Message")
        #expect(row["state"] as? String == "queued")
        #expect(row.keys.contains("customsStatus"))
        #expect((row["orderNo"] as? String)?.hasPrefix("HT") == true)

        let order = try #require(row["orderNo"] as? String)
        let show = try SwgateProcess.run(["show", order, "--outbox", outbox])
        #expect(show.status == 0)
        #expect(show.stdout.contains("CEB311Message") && show.stdout.contains("CEB621Message"))
        let doctor = try SwgateProcess.run(["doctor", "--outbox", outbox])
        #expect(doctor.status == 0)
        let export = try SwgateProcess.run(["export", "--format", "csv", "--outbox", outbox])
        #expect(export.stdout.split(separator: "\n").count == 97)
    }

    @Test("changed content is refused without --amend, and nothing of the batch is enqueued")
    func changedContent() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let outbox = folder.appendingPathComponent("outbox").path
        #expect(try SwgateProcess.run(["submit", bonded, "--config", profile, "--outbox", outbox]).status == 0)
        let changed = folder.appendingPathComponent("changed.json")
        let text = try String(contentsOfFile: bonded, encoding: .utf8).replacingFirst("\"weight\": \"", with: "\"weight\": \"1")
        try Data(text.utf8).write(to: changed)
        let result = try SwgateProcess.run(["submit", changed.path, "--config", profile, "--outbox", outbox])
        #expect(result.status == 1)
        #expect(result.stdout.contains("refused"))
        #expect(result.stdout.contains("--amend"))
        let amend = try SwgateProcess.run(["submit", changed.path, "--config", profile, "--outbox", outbox, "--amend"])
        #expect(amend.status == 1)
        #expect(amend.stdout.contains("customs has not accepted"))
    }

    @Test("cancel and retry by id follow the lifecycle; bad requests are clear errors")
    func cancelAndRetry() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let outbox = folder.appendingPathComponent("outbox").path
        #expect(try SwgateProcess.run(["submit", bonded, "--config", profile, "--outbox", outbox]).status == 0)
        #expect(try SwgateProcess.run(["cancel", "1", "2", "--outbox", outbox]).status == 0)
        let again = try SwgateProcess.run(["cancel", "1", "--outbox", outbox])
        #expect(again.status == 1)
        #expect(again.stderr.contains("cancelled"))
        let retry = try SwgateProcess.run(["retry", "--state", "dead", "--dry-run", "--outbox", outbox, "--json"])
        #expect(retry.stdout.contains("\"matched\": 0"))
        #expect(try SwgateProcess.run(["retry", "--outbox", outbox]).status == 2)
        let status = try SwgateProcess.run(["status", "--outbox", outbox, "--json"])
        #expect(status.stdout.contains("\"cancelled\": 2"))
    }
}
