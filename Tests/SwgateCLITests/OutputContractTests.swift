import CEBMessages
import Foundation
import SwgateTestSupport
import Testing

/// The `--json` contract, command by command, against real processes and real outboxes: on
/// success and on failure, standard output is one JSON document that validates against the
/// command's schema in `schemas/cli/`, and a failure carries `error` with the exit code.
@Suite("The output contract: every command's --json validates against its schema")
struct OutputContractTests {
    /// One invocation: the arguments (`{outbox}`-style placeholders filled from the workspace),
    /// the schema its output must satisfy, and whether it must succeed.
    struct Case: CustomTestStringConvertible, Sendable {
        var arguments: [String]
        var schema: String
        var succeeds: Bool
        /// `--jsonl`: each line is checked against `schema`.
        var lines = false

        var testDescription: String { "\(succeeds ? "ok" : "fails"): swgate \(arguments.joined(separator: " "))" }
    }

    /// Outboxes and files the cases use, made once: the demo's settled outbox, a freshly
    /// submitted one, converted messages and receipt samples.
    final class Workspace: Sendable {
        let folder: URL
        let values: [String: String]

        init() throws {
            folder = try Fixtures.temporaryDirectory("swgate-contract")
            let examples = Fixtures.checkout.appendingPathComponent("examples")
            let profile = examples.appendingPathComponent("swgate.json").path
            let batch = examples.appendingPathComponent("bonded-batch.json").path
            let demo = try SwgateProcess.run(["demo", "--json"])
            guard demo.status == 0,
                let answer = try JSONSerialization.jsonObject(with: Data(demo.stdout.utf8)) as? [String: Any],
                let settled = answer["outbox"] as? String
            else { throw CocoaError(.fileReadUnknown, userInfo: [NSDebugDescriptionErrorKey: "demo failed: \(demo.stderr)"]) }
            let fresh = folder.appendingPathComponent("fresh").path
            guard try SwgateProcess.run(["submit", batch, "--config", profile, "--outbox", fresh]).status == 0 else {
                throw CocoaError(.fileReadUnknown)
            }
            let converted = folder.appendingPathComponent("converted")
            _ = try SwgateProcess.run(["convert", batch, "--config", profile, "--out", converted.path])
            let message =
                try FileManager.default.contentsOfDirectory(atPath: converted.path).sorted().first { $0.hasPrefix("CEB621") } ?? ""
            let plain = folder.appendingPathComponent("unsigned")
            _ = try SwgateProcess.run(["convert", batch, "--config", profile, "--out", plain.path, "--unsigned"])
            let receipts = folder.appendingPathComponent("receipts")
            try FileManager.default.createDirectory(at: receipts, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: Fixtures.sampleURL(.ceb622), to: receipts.appendingPathComponent("622.xml"))
            let watched = folder.appendingPathComponent("watched")
            try FileManager.default.createDirectory(at: watched, withIntermediateDirectories: true)
            let invtNo = try Self.firstInvtNo(settled)
            values = [
                "{settled}": settled, "{fresh}": fresh, "{profile}": profile, "{batch}": batch,
                "{message}": converted.appendingPathComponent(message).path, "{unsigned}": plain.appendingPathComponent(message).path,
                "{receipts}": receipts.path, "{watched}": watched.path,
                "{new}": folder.appendingPathComponent("new-\(UUID().uuidString.prefix(6))").path,
                "{out}": folder.appendingPathComponent("out").path, "{replayed}": folder.appendingPathComponent("replayed").path,
                "{signed}": folder.appendingPathComponent("signed.xml").path,
                "{missing}": folder.appendingPathComponent("nothing-here").path,
                "{key}": examples.appendingPathComponent("keys/demo-rsa.key.pem").path,
                "{cert}": examples.appendingPathComponent("keys/demo-rsa.cert.pem").path, "{invtNo}": invtNo,
            ]
        }

        static func firstInvtNo(_ outbox: String) throws -> String {
            let list = try SwgateProcess.run(["list", "--outbox", outbox, "--type", "621", "--jsonl", "--limit", "50"])
            for line in list.stdout.split(separator: "\n") {
                if let row = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                    let invtNo = row["invtNo"] as? String,
                    row["customsStatus"] as? String == "800"
                {
                    return invtNo
                }
            }
            return "none"
        }

        func fill(_ arguments: [String]) -> [String] {
            arguments.map { argument in values.reduce(argument) { $0.replacingOccurrences(of: $1.key, with: $1.value) } }
        }
    }

    static let workspace = Result { try Workspace() }

    static let cases: [Case] = [
        Case(arguments: ["status", "--outbox", "{settled}", "--json"], schema: "status", succeeds: true),
        Case(arguments: ["status", "--outbox", "{missing}", "--json"], schema: "status", succeeds: false),
        Case(arguments: ["list", "--outbox", "{settled}", "--json", "--limit", "5"], schema: "list", succeeds: true),
        Case(arguments: ["list", "--outbox", "{settled}", "--json", "--type", "nonsense"], schema: "list", succeeds: false),
        Case(
            arguments: ["list", "--outbox", "{settled}", "--jsonl", "--limit", "1500"], schema: "document-line", succeeds: true, lines: true
        ),
        Case(arguments: ["list", "--outbox", "{missing}", "--jsonl"], schema: "document-line", succeeds: false, lines: true),
        Case(arguments: ["export", "--outbox", "{settled}", "--json", "--limit", "3"], schema: "export", succeeds: true),
        Case(arguments: ["export", "--outbox", "{settled}", "--jsonl"], schema: "document-line", succeeds: true, lines: true),
        Case(arguments: ["export", "--outbox", "{missing}", "--json"], schema: "export", succeeds: false),
        Case(arguments: ["export", "--outbox", "{settled}", "--format", "json", "--limit", "2"], schema: "export", succeeds: true),
        Case(arguments: ["export", "--outbox", "{settled}", "--format", "jsonl"], schema: "document-line", succeeds: true, lines: true),
        Case(arguments: ["show", "HT2026112500000001", "--outbox", "{settled}", "--json"], schema: "show", succeeds: true),
        Case(arguments: ["show", "NO-SUCH-ORDER", "--outbox", "{settled}", "--json"], schema: "show", succeeds: false),
        Case(arguments: ["retry", "--state", "dead", "--dry-run", "--outbox", "{settled}", "--json"], schema: "retry", succeeds: true),
        Case(arguments: ["retry", "NO-SUCH-ORDER", "--outbox", "{settled}", "--json"], schema: "retry", succeeds: false),
        Case(arguments: ["cancel", "HT2026112500000005", "--outbox", "{fresh}", "--json"], schema: "cancel", succeeds: true),
        Case(arguments: ["cancel", "NO-SUCH-ORDER", "--outbox", "{fresh}", "--json"], schema: "cancel", succeeds: false),
        Case(arguments: ["prune", "--older-than", "3650d", "--outbox", "{settled}", "--json"], schema: "prune", succeeds: true),
        Case(arguments: ["prune", "--outbox", "{missing}", "--json"], schema: "prune", succeeds: false),
        Case(arguments: ["doctor", "--outbox", "{settled}", "--json"], schema: "doctor", succeeds: true),
        Case(arguments: ["doctor", "--outbox", "{missing}", "--json"], schema: "doctor", succeeds: false),
        Case(arguments: ["submit", "{batch}", "--config", "{profile}", "--outbox", "{fresh}", "--json"], schema: "submit", succeeds: true),
        Case(
            arguments: ["submit", "{missing}", "--config", "{profile}", "--outbox", "{fresh}", "--json"], schema: "submit", succeeds: false),
        Case(arguments: ["check", "{batch}", "--config", "{profile}", "--json"], schema: "check", succeeds: true),
        Case(arguments: ["check", "--rules", "--json"], schema: "check", succeeds: true),
        Case(arguments: ["check", "{batch}", "--config", "{missing}", "--json"], schema: "check", succeeds: false),
        Case(arguments: ["convert", "{batch}", "--config", "{profile}", "--out", "{out}", "--json"], schema: "convert", succeeds: true),
        Case(
            arguments: ["convert", "{batch}", "--config", "{profile}", "--out", "{profile}", "--json"], schema: "convert", succeeds: false),
        Case(arguments: ["validate", "{message}", "--json"], schema: "validate", succeeds: true),
        Case(arguments: ["validate", "{profile}", "--json"], schema: "validate", succeeds: false),
        Case(
            arguments: ["sign", "{unsigned}", "--key", "{key}", "--cert", "{cert}", "--out", "{signed}", "--json"], schema: "sign",
            succeeds: true),
        Case(
            arguments: ["sign", "{missing}", "--key", "{key}", "--cert", "{cert}", "--out", "{signed}", "--json"], schema: "sign",
            succeeds: false),
        Case(arguments: ["verify", "{message}", "--json"], schema: "verify", succeeds: true),
        Case(arguments: ["verify", "{profile}", "--json"], schema: "verify", succeeds: false),
        Case(arguments: ["receipts", "import", "{receipts}", "--outbox", "{fresh}", "--json"], schema: "receipts-import", succeeds: true),
        Case(arguments: ["receipts", "import", "{missing}", "--outbox", "{fresh}", "--json"], schema: "receipts-import", succeeds: false),
        Case(arguments: ["receipts", "inspect", "{receipts}", "--json"], schema: "receipts-inspect", succeeds: true),
        Case(arguments: ["receipts", "inspect", "{profile}", "--json"], schema: "receipts-inspect", succeeds: false),
        Case(arguments: ["receipts", "inspect", "{receipts}", "--jsonl"], schema: "receipt-line", succeeds: true, lines: true),
        Case(arguments: ["receipts", "inspect", "{profile}", "--jsonl"], schema: "receipt-line", succeeds: false, lines: true),
        Case(
            arguments: ["receipts", "replay", "--outbox", "{settled}", "--into", "{replayed}", "--json"], schema: "receipts-replay",
            succeeds: true),
        Case(
            arguments: ["receipts", "replay", "--outbox", "{missing}", "--into", "{new}", "--json"], schema: "receipts-replay",
            succeeds: false),
        Case(
            arguments: ["receipts", "watch", "{watched}", "--once", "--outbox", "{fresh}", "--json"], schema: "receipts-watch",
            succeeds: true),
        Case(
            arguments: ["receipts", "watch", "{missing}", "--once", "--outbox", "{fresh}", "--json"], schema: "receipts-watch",
            succeeds: false),
        Case(arguments: ["receipts", "unmatched", "--outbox", "{settled}", "--json"], schema: "receipts-unmatched", succeeds: true),
        Case(arguments: ["receipts", "unmatched", "--outbox", "{missing}", "--json"], schema: "receipts-unmatched", succeeds: false),
        Case(arguments: ["outbox", "init", "--outbox", "{new}", "--json"], schema: "outbox-init", succeeds: true),
        Case(
            arguments: ["outbox", "migrate", "--from", "{missing}", "--to", "{new}", "--json"], schema: "outbox-migrate", succeeds: false),
        Case(
            arguments: ["send", "--endpoint", "http://127.0.0.1:9", "--config", "{profile}", "--outbox", "{missing}", "--json"],
            schema: "run",
            succeeds: false),
        Case(arguments: ["notifications", "list", "--outbox", "{settled}", "--json"], schema: "notifications-list", succeeds: true),
        Case(arguments: ["notifications", "list", "--outbox", "{missing}", "--json"], schema: "notifications-list", succeeds: false),
        Case(
            arguments: ["notifications", "retry", "--all", "--outbox", "{settled}", "--json"], schema: "notifications-retry", succeeds: true
        ),
        Case(
            arguments: ["notifications", "retry", "999999", "--outbox", "{settled}", "--json"], schema: "notifications-retry",
            succeeds: false),
        Case(
            arguments: ["tax", "report", "--outbox", "{settled}", "--config", "{profile}", "--json"], schema: "tax-report", succeeds: true),
        Case(
            arguments: ["tax", "report", "--outbox", "{settled}", "--config", "{profile}", "--jsonl"], schema: "tax-report-line",
            succeeds: true, lines: true),
        Case(arguments: ["tax", "report", "--outbox", "{missing}", "--json"], schema: "tax-report", succeeds: false),
        Case(arguments: ["demo", "--transport", "folder", "--json"], schema: "demo", succeeds: true),
        Case(arguments: ["demo", "--transport", "carrier-pigeon", "--json"], schema: "demo", succeeds: false),
        Case(arguments: ["platform-data", "list", "--outbox", "{settled}", "--json"], schema: "platform-data-list", succeeds: true),
        Case(arguments: ["platform-data", "list", "--outbox", "{missing}", "--json"], schema: "platform-data-list", succeeds: false),
        Case(arguments: ["platform-data", "show", "1", "--outbox", "{settled}", "--json"], schema: "platform-data-show", succeeds: true),
        Case(
            arguments: ["platform-data", "show", "nope", "--outbox", "{settled}", "--json"], schema: "platform-data-show", succeeds: false),
        Case(
            arguments: ["platform-data", "retry", "1", "--outbox", "{settled}", "--json"], schema: "platform-data-retry", succeeds: false),
        Case(
            arguments: ["platform-data", "retry", "--all", "--state", "dead", "--outbox", "{settled}", "--json"],
            schema: "platform-data-retry",
            succeeds: true),
        Case(
            arguments: [
                "platform-data", "upload", "--outbox", "{fresh}", "--config", "{profile}", "--upload-url", "http://127.0.0.1:9/u", "--json",
            ], schema: "platform-data-upload", succeeds: true),
        Case(
            arguments: ["platform-data", "upload", "--outbox", "{missing}", "--config", "{profile}", "--json"],
            schema: "platform-data-upload",
            succeeds: false),
        Case(
            arguments: ["tax", "show", "{invtNo}", "--outbox", "{settled}", "--config", "{profile}", "--json"], schema: "tax-show",
            succeeds: true),
        Case(arguments: ["tax", "show", "NO-SUCH", "--outbox", "{settled}", "--json"], schema: "tax-show", succeeds: false),
        Case(arguments: ["config", "show", "--config", "{profile}", "--json"], schema: "config-show", succeeds: true),
        Case(arguments: ["config", "show", "--config", "{batch}", "--json"], schema: "config-show", succeeds: false),
        Case(arguments: ["exit-codes", "--json"], schema: "exit-codes", succeeds: true),
        Case(arguments: ["exit-codes", "--json", "--no-such-flag"], schema: "exit-codes", succeeds: false),
    ]

    @Test(arguments: cases)
    func validates(_ testCase: Case) throws {
        let workspace = try Self.workspace.get()
        let result = try SwgateProcess.run(workspace.fill(testCase.arguments))
        #expect((result.status == 0) == testCase.succeeds, "exit \(result.status): \(result.stderr)")
        let documents =
            testCase.lines ? result.stdout.split(separator: "\n").map(String.init) : [result.stdout]
        #expect(!documents.isEmpty && !result.stdout.isEmpty, "nothing on standard output")
        var check = JSONSchemaCheck.cli
        for document in documents {
            let problems = try check.problems(document, schema: testCase.schema + ".schema.json")
            #expect(problems.isEmpty, "\(problems.prefix(5).joined(separator: "\n"))\n\(document.prefix(400))")
        }
        guard !testCase.succeeds, let last = documents.last else { return }
        let answer = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        let error = try #require(answer["error"] as? [String: Any], "a failure carries error")
        #expect(error["exitCode"] as? Int == Int(result.status))
        #expect((error["message"] as? String)?.isEmpty == false)
    }

    @Test("the long-running commands: simulator, receipts serve, platform-data serve and console print {url}; run and demo their outcome")
    func services() throws {
        let workspace = try Self.workspace.get()
        var check = JSONSchemaCheck.cli
        let simulator = try BackgroundSwgate(["simulator", "--port", "0", "--json"])
        defer { simulator.stop() }
        let line = try #require(simulator.firstLine())
        #expect(try check.problems(line, schema: "listening.schema.json").isEmpty, "\(line)")
        let url = try #require((try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["url"] as? String)
        // An outbox of its own: the cases above find {fresh} as it was submitted, and may run at
        // the same time as this test.
        let sent = try #require(workspace.fill(["{new}-run"]).first)
        #expect(try SwgateProcess.run(workspace.fill(["submit", "{batch}", "--config", "{profile}", "--outbox", sent])).status == 0)
        let run = try SwgateProcess.run(
            workspace.fill([
                "run", "--endpoint", url, "--config", "{profile}", "--outbox", sent, "--until-settled", "--max-wait", "120", "--json",
            ]))
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try check.problems(run.stdout, schema: "run.schema.json").isEmpty, "\(run.stdout)")
        #expect(run.stdout.contains("\"end\": \"settled\""))
        let receiver = try BackgroundSwgate(workspace.fill(["receipts", "serve", "--port", "0", "--outbox", "{fresh}", "--json"]))
        defer { receiver.stop() }
        let served = try #require(receiver.firstLine())
        #expect(try check.problems(served, schema: "listening.schema.json").isEmpty, "\(served)")
        let platform = try BackgroundSwgate(
            workspace.fill(["platform-data", "serve", "--port", "0", "--outbox", "{fresh}", "--config", "{profile}", "--json"]))
        defer { platform.stop() }
        let answering = try #require(platform.firstLine())
        #expect(try check.problems(answering, schema: "listening.schema.json").isEmpty, "\(answering)")
        let console = try BackgroundSwgate(workspace.fill(["console", "--port", "0", "--outbox", "{settled}", "--json"]))
        defer { console.stop() }
        let consoleLine = try #require(console.firstLine())
        #expect(try check.problems(consoleLine, schema: "listening.schema.json").isEmpty, "\(consoleLine)")
        let demo = try SwgateProcess.run(["demo", "--json"])
        #expect(try check.problems(demo.stdout, schema: "demo.schema.json").isEmpty, "\(demo.stdout)")
        let migrated = try SwgateProcess.run(workspace.fill(["outbox", "migrate", "--from", "{settled}", "--to", "{new}-m", "--json"]))
        #expect(migrated.status == 0, "\(migrated.stderr)")
        #expect(try check.problems(migrated.stdout, schema: "outbox-migrate.schema.json").isEmpty, "\(migrated.stdout)")
    }

    @Test("a status notification carries the status's meaning and customs' reason, code and text")
    func notificationReason() throws {
        let workspace = try Self.workspace.get()
        let listed = try SwgateProcess.run(workspace.fill(["notifications", "list", "--outbox", "{settled}", "--limit", "1000", "--json"]))
        let answer = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any])
        let bodies = try #require(answer["notifications"] as? [[String: Any]]).compactMap { $0["body"] as? String }
        let rejected = try #require(bodies.first { $0.contains("\"customsStatus\": \"100\"") })
        let body = try #require(try JSONSerialization.jsonObject(with: Data(rejected.utf8)) as? [String: Any])
        #expect(body["customsReasonCode"] as? String == "1313")
        #expect(body["customsStatusMeaning"] as? String == "rejected by customs")
        #expect((body["customsReasonText"] as? String)?.isEmpty == false)
    }

    @Test("a key has one JSON type in every output (null aside), as the schemas declare them")
    func oneTypePerKey() throws {
        let folder = Fixtures.checkout.appendingPathComponent("schemas/cli")
        var files: [String: [String: Any]] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".schema.json") {
            files[name] = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(name))) as? [String: Any]
        }
        func resolve(_ reference: String, in file: String) -> (schema: [String: Any], file: String)? {
            let parts = reference.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
            let target = parts[0].isEmpty ? file : String(parts[0])
            var node: Any? = files[target]
            for key in parts.count > 1 ? parts[1].split(separator: "/") : [] { node = (node as? [String: Any])?[String(key)] }
            return (node as? [String: Any]).map { ($0, target) }
        }
        func types(_ schema: [String: Any], in file: String) -> Set<String> {
            if let reference = schema["$ref"] as? String, let (target, targetFile) = resolve(reference, in: file) {
                return types(target, in: targetFile)
            }
            if let single = schema["type"] as? String { return single == "null" ? [] : [single] }
            if let several = schema["type"] as? [String] { return Set(several.filter { $0 != "null" }) }
            if let all = schema["allOf"] as? [[String: Any]] { return all.map { types($0, in: file) }.first { !$0.isEmpty } ?? [] }
            if let any = schema["anyOf"] as? [[String: Any]] {
                return any.reduce(into: Set<String>()) { $0.formUnion(types($1, in: file)) }
            }
            if schema["const"] is String { return ["string"] }
            return []
        }
        var seen: [String: [String: Set<String>]] = [:]
        func walk(_ node: Any, file: String) {
            if let object = node as? [String: Any] {
                for (name, property) in (object["properties"] as? [String: [String: Any]]) ?? [:] {
                    let found = types(property, in: file)
                    if !found.isEmpty { seen[name, default: [:]][file, default: []].formUnion(found) }
                }
                for value in object.values { walk(value, file: file) }
            } else if let array = node as? [Any] {
                for value in array { walk(value, file: file) }
            }
        }
        for (name, schema) in files { walk(schema, file: name) }
        #expect(seen.count > 100, "the walk found the keys")
        for (key, byFile) in seen.sorted(by: { $0.key < $1.key }) {
            let all = byFile.values.reduce(into: Set<String>()) { $0.formUnion($1) }
            // integer is a number; a key that is sometimes an integer and sometimes a number is not two types.
            let kinds = Set(all.map { $0 == "integer" ? "number" : $0 })
            #expect(kinds.count == 1, "\(key) is \(byFile.map { "\($0.value.sorted()) in \($0.key)" }.sorted().joined(separator: ", "))")
        }
    }

    @Test("the schema check itself finds a wrong type, a missing member and a value outside an enum")
    func checkerFails() throws {
        var check = JSONSchemaCheck.cli
        #expect(try check.problems(#"{"pruned": "3"}"#, schema: "prune.schema.json").isEmpty == false)
        #expect(try check.problems(#"{}"#, schema: "prune.schema.json").isEmpty == false)
        #expect(
            try check.problems(
                #"{"error": {"exitCode": 1, "kind": "oops", "message": "m", "diagnostics": []}}"#, schema: "prune.schema.json"
            )
            .isEmpty == false)
        #expect(try check.problems(#"{"pruned": 3}"#, schema: "prune.schema.json").isEmpty)
    }
}

/// A `swgate` process left running (a listener), read line by line and stopped at the end.
final class BackgroundSwgate {
    let process: Process
    let output: Pipe

    init(_ arguments: [String]) throws {
        process = Process()
        process.executableURL = SwgateProcess.executable
        process.arguments = arguments
        output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    /// The first line of standard output (what a listener prints once it listens).
    func firstLine() -> String? {
        var bytes = Data()
        while let byte = try? output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty {
            if byte.first == 0x0A { break }
            bytes.append(byte)
        }
        return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}
