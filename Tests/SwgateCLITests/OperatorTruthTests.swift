import CEBMessages
import Foundation
import SwgateTestSupport
import Testing

/// What a platform's scripts rely on: exit statuses that say what happened, and no command
/// reporting success for work that did not happen.
@Suite("Operator truth: exit statuses, outbox paths, notifications")
struct OperatorTruthTests: BondedExample {
    /// A `swgate simulator` process on a free port; returns its base URL and the process.
    static func simulator(_ arguments: [String] = []) throws -> (url: String, process: Process) {
        let process = Process()
        process.executableURL = SwgateProcess.executable
        process.arguments = ["simulator", "--port", "0", "--stage-delay", "0.02"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let line = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        let url = try #require(line.split(separator: "\n").first.map(String.init))
        return (url, process)
    }

    @Test("every message dead (the endpoint refuses connections): run --until-settled exits 3, send --once exits 3, and both say so")
    func deadIsNotDone() throws {
        let folder = try Fixtures.temporaryDirectory("swgate-truth")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let outbox = try submitted(folder)
        // Loopback port 1: nothing listens there.
        let dispatch = [
            "--endpoint", "http://127.0.0.1:1", "--max-attempts", "1", "--backoff", "0.01", "--config", profile, "--outbox", outbox,
        ]
        let send = try SwgateProcess.run(["send", "--once"] + dispatch)
        #expect(send.status == 3, "\(send.stderr)")
        let run = try SwgateProcess.run(["run", "--until-settled", "--max-wait", "60"] + dispatch)
        #expect(run.status == 3, "\(run.stderr)")
        #expect(run.stderr.contains("dead"), "\(run.stderr)")
        #expect(!run.stderr.contains("every document is settled\n"))
        #expect(try SwgateProcess.run(["exit-codes"]).stdout.contains("3  settled, but some messages are dead"))
    }

    @Test("--max-wait running out exits 5")
    func timedOut() throws {
        let folder = try Fixtures.temporaryDirectory("swgate-truth")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let outbox = try submitted(folder)
        let (url, process) = try Self.simulator(["--latency", "3000"])
        defer { process.terminate(); process.waitUntilExit() }
        let run = try SwgateProcess.run([
            "run", "--endpoint", url, "--until-settled", "--max-wait", "1", "--timeout", "1", "--config", profile, "--outbox", outbox,
        ])
        #expect(run.status == 5, "\(run.stderr)")
    }

    @Test("a misspelled outbox is never created: every command but submit and outbox init refuses it, naming the path and the setting")
    func misspelledOutbox() throws {
        let folder = try Fixtures.temporaryDirectory("swgate-truth")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let mistyped = folder.appendingPathComponent("outbx").path
        let receipt = folder.appendingPathComponent("r.xml")
        try Fixtures.sample(.ceb312).write(to: receipt)
        for arguments in [
            ["run", "--until-settled", "--endpoint", "http://127.0.0.1:1", "--config", profile],
            ["send", "--once", "--endpoint", "http://127.0.0.1:1", "--config", profile],
            ["receipts", "import", receipt.path], ["receipts", "watch", folder.path, "--once"],
            ["receipts", "replay", "--into", folder.appendingPathComponent("r").path],
            ["notifications", "list"], ["status"],
        ] {
            let result = try SwgateProcess.run(arguments + ["--outbox", mistyped])
            #expect(result.status == 1, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("there is no outbox at \(mistyped) (from --outbox"), "\(arguments): \(result.stderr)")
        }
        let fromEnvironment = try SwgateProcess.run(["status"], environment: ["SWGATE_OUTBOX": mistyped])
        #expect(fromEnvironment.stderr.contains("from $SWGATE_OUTBOX"), "\(fromEnvironment.stderr)")
        #expect(!FileManager.default.fileExists(atPath: mistyped), "nothing was created")
        let created = try SwgateProcess.run(["outbox", "init", "--outbox", mistyped])
        #expect(created.status == 0 && FileManager.default.fileExists(atPath: mistyped + "/outbox.sqlite"), "\(created.stderr)")
    }

    @Test("the profile's outbox is honoured by status as by submit; $SWGATE_ENDPOINT overrides the profile's endpoint")
    func settingsPrecedence() throws {
        let folder = try Fixtures.temporaryDirectory("swgate-truth")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: profile))) as? [String: Any])
        let outbox = folder.appendingPathComponent("from-profile").path
        object["outbox"] = outbox
        object["endpoint"] = ["url": "http://127.0.0.1:1/from-profile"]
        // Paths in the profile are relative to it: keep the example's keys and account book reachable.
        let copy = Fixtures.checkout.appendingPathComponent("examples/.test-profile-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: object).write(to: copy)
        defer { try? FileManager.default.removeItem(at: copy) }
        #expect(try SwgateProcess.run(["submit", bonded, "--config", copy.path]).status == 0)
        let status = try SwgateProcess.run(["status", "--config", copy.path, "--json"])
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("\"total\": 96"))
        let (url, process) = try Self.simulator()
        defer { process.terminate(); process.waitUntilExit() }
        let send = try SwgateProcess.run(["send", "--once", "--config", copy.path], environment: ["SWGATE_ENDPOINT": url])
        #expect(send.status == 0, "the environment's endpoint was used, not the profile's dead one: \(send.stderr)")
    }

    @Test("a failing --on-status hook: run exits 4, and status, status --json and notifications list show the backlog and its error")
    func failingHook() throws {
        let folder = try Fixtures.temporaryDirectory("swgate-truth")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let outbox = try submitted(folder)
        let (url, process) = try Self.simulator()
        defer { process.terminate(); process.waitUntilExit() }
        let run = try SwgateProcess.run([
            "run", "--endpoint", url, "--until-settled", "--max-wait", "60", "--on-status", "echo platform down >&2; exit 1", "--config",
            profile, "--outbox", outbox,
        ])
        #expect(run.status == 4, "\(run.stderr)")
        #expect(run.stderr.contains("undelivered"), "\(run.stderr)")
        let status = try SwgateProcess.run(["status", "--outbox", outbox])
        #expect(status.stdout.contains("notifications: 96 undelivered"), "\(status.stdout)")
        #expect(status.stdout.contains("platform down"), "the last error is shown")
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(try SwgateProcess.run(["status", "--outbox", outbox, "--json"]).stdout.utf8))
                as? [String: Any])
        #expect((json["notificationBacklog"] as? [String: Any])?["undelivered"] as? Int == 96)
        let listed = try SwgateProcess.run(["notifications", "list", "--outbox", outbox, "--json", "--limit", "1000"])
        #expect(
            ((try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any])?["notifications"] as? [Any])?.count == 96)
        let retried = try SwgateProcess.run(["notifications", "retry", "--all", "--outbox", outbox])
        #expect(retried.stdout.contains("96 notifications due now"))
        // Delivered on the next run with a working hook: exit 0.
        let fixed = try SwgateProcess.run([
            "run", "--endpoint", url, "--until-settled", "--max-wait", "60", "--on-status", "cat >/dev/null", "--config", profile,
            "--outbox", outbox,
        ])
        #expect(fixed.status == 0, "\(fixed.stderr)")
    }

    @Test("check --json with a bad profile still prints one JSON document on stdout, naming the key and the file")
    func checkJSONOnFailure() throws {
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: profile))) as? [String: Any])
        object["statusWebhok"] = "https://platform.example/hook"
        let copy = Fixtures.checkout.appendingPathComponent("examples/.test-profile-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: object).write(to: copy)
        defer { try? FileManager.default.removeItem(at: copy) }
        let result = try SwgateProcess.run(["check", bonded, "--config", copy.path, "--json"])
        #expect(result.status == 1)
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "stdout: \(result.stdout)")
        let error = try #require(json["error"] as? [String: Any])
        #expect(error["file"] as? String == copy.path)
        #expect((error["profileProblems"] as? [String])?.contains { $0.contains("statusWebhok") && $0.contains("statusWebhook") } == true)
    }

    @Test("retry and cancel take documents and name the message; a packed message carrying other orders is refused unless --whole-message")
    func references() throws {
        let folder = try Fixtures.temporaryDirectory("swgate-truth")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let outbox = folder.appendingPathComponent("outbox").path
        #expect(try SwgateProcess.run(["submit", bonded, "--pack", "3", "--config", profile, "--outbox", outbox]).status == 0)
        let listed = try SwgateProcess.run(["list", "--outbox", outbox, "--type", "CEB511Message", "--json", "--limit", "3"])
        let rows = try #require(
            (try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any])?["documents"] as? [[String: Any]])
        let first = try #require(rows.first), documentID = try #require(first["id"] as? Int),
            messageID = try #require(first["messageId"] as? Int)
        #expect(rows.allSatisfy { $0["messageId"] as? Int == messageID }, "three waybills share one message")
        let table = try SwgateProcess.run(["list", "--outbox", outbox, "--limit", "1"])
        #expect(table.stdout.contains("DOC") && table.stdout.contains("MSG"))

        let refused = try SwgateProcess.run(["cancel", String(documentID), "--outbox", outbox])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("message \(messageID) also carries 2 documents you did not name"), "\(refused.stderr)")
        #expect(refused.stderr.contains("--whole-message"))
        let unknown = try SwgateProcess.run(["retry", "HT-NO-SUCH-ORDER", "--outbox", outbox])
        #expect(unknown.status == 1 && unknown.stderr.contains("nothing matches HT-NO-SUCH-ORDER"))
        let whole = try SwgateProcess.run(["cancel", String(documentID), "--whole-message", "--outbox", outbox])
        #expect(whole.status == 0, "\(whole.stderr)")
        #expect(whole.stderr.contains("document \(documentID) (CEB511Message") && whole.stderr.contains("→ message \(messageID)"))
        #expect(whole.stdout.contains("1 messages cancelled"))
    }

    @Test("config show prints each effective setting with its source, secrets masked")
    func configShow() throws {
        let result = try SwgateProcess.run(
            ["config", "show", "--config", profile, "--outbox", "postgres://swgate:hunter2@db/x", "--json"],
            environment: ["SWGATE_ENDPOINT": "https://customs.example/dxp?token=abc", "SWGATE_TOKEN": "secret-token"]
        )
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.contains("hunter2") && !result.stdout.contains("secret-token") && !result.stdout.contains("token=abc"))
        let rows = try #require(
            (try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])?["settings"] as? [[String: String]])
        func row(_ name: String) -> [String: String]? { rows.first { $0["setting"] == name } }
        #expect(row("outbox")?["source"] == "--outbox")
        #expect(row("endpoint")?["source"] == "$SWGATE_ENDPOINT")
        #expect(row("endpoint")?["value"] == "https://customs.example/dxp?token=***")
        #expect(row("endpoint token")?["value"]?.hasPrefix("set") == true)
    }
}
