import Foundation
import SwgateTestSupport
import SyntheticData
import Testing

/// What a person reads: labelled statuses, China time, "showing N of M", short message types,
/// days for --since, a CSV Excel reads, colours and live progress only on a terminal.
@Suite("Human output: labels, times, limits, colours and live views only on a terminal")
struct HumanOutputTests {
    static let demoOutbox = Result { () throws -> String in
        let demo = try SwgateProcess.run(["demo", "--json"])
        guard let answer = try JSONSerialization.jsonObject(with: Data(demo.stdout.utf8)) as? [String: Any],
            let outbox = answer["outbox"] as? String
        else { throw CocoaError(.fileReadUnknown, userInfo: [NSDebugDescriptionErrorKey: demo.stderr]) }
        return outbox
    }

    static let profile = Fixtures.checkout.appendingPathComponent("examples/swgate.json").path

    /// Any ESC (colours, line rewrites) or carriage return.
    static func hasControlCharacters(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\r" }
    }

    @Test("list labels statuses, says how many it left out, takes 621 and a day, and shows China time unless --utc")
    func list() throws {
        let outbox = try Self.demoOutbox.get()
        let listed = try SwgateProcess.run(["list", "--outbox", outbox, "--type", "621", "--limit", "5", "--since", "2020-01-01"])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("800 released"))
        #expect(listed.stdout.contains("showing 5 of 24 (--limit)"))
        #expect(listed.stdout.contains(" +08"))
        #expect(!Self.hasControlCharacters(listed.stdout), "piped output has no colours")
        let utc = try SwgateProcess.run(["list", "--outbox", outbox, "--type", "CEB621", "--limit", "1", "--utc"])
        #expect(utc.stdout.contains(" UTC") && !utc.stdout.contains(" +08"))
        let future = try SwgateProcess.run(["list", "--outbox", outbox, "--since", "2099-01-01"])
        #expect(future.stdout.contains("no documents match"))
        let wrong = try SwgateProcess.run(["list", "--outbox", outbox, "--type", "62"])
        #expect(wrong.status == 2 && wrong.stderr.contains("CEB621Message, CEB621 or 621"))
        let rejected = try SwgateProcess.run(["list", "--outbox", outbox, "--type", "621", "--limit", "100"])
        #expect(rejected.stdout.contains("100 rejected by customs"))
        let status = try SwgateProcess.run(["status", "--outbox", outbox])
        #expect(status.stdout.contains("customs 800 released") && status.stdout.contains("customs 100 rejected by customs"))
    }

    @Test("export --bom begins with the byte-order mark Excel needs; a value that looks like a formula is neutralised")
    func exportForExcel() throws {
        let outbox = try Self.demoOutbox.get()
        let plain = try SwgateProcess.run(["export", "--outbox", outbox, "--limit", "2"])
        #expect(plain.stdout.hasPrefix("id,messageType"))
        let marked = try SwgateProcess.run(["export", "--outbox", outbox, "--bom", "--limit", "2"])
        #expect(marked.stdout.hasPrefix("\u{FEFF}id,messageType"))
        let lines = try SwgateProcess.run(["export", "--outbox", outbox, "--jsonl"])
        #expect(lines.stdout.split(separator: "\n").count == 96)
        let wrong = try SwgateProcess.run(["export", "--outbox", outbox, "--bom", "--jsonl"])
        #expect(wrong.status == 2)
    }

    @Test("on a terminal statuses are coloured, never with NO_COLOR")
    func colours() throws {
        let outbox = try Self.demoOutbox.get()
        let coloured = try SwgateProcess.runInTerminal(["list", "--outbox", outbox, "--type", "621", "--limit", "3"])
        #expect(coloured.stdout.contains("\u{1B}[32m800 released\u{1B}[0m"), "\(coloured.stdout)")
        let plain = try SwgateProcess.runInTerminal(
            ["list", "--outbox", outbox, "--type", "621", "--limit", "3"], environment: ["NO_COLOR": "1"])
        #expect(plain.stdout.contains("800 released") && !plain.stdout.contains("\u{1B}["))
    }

    @Test("submit shows its phases live on a terminal; piped, or with --quiet, it prints no control characters")
    func submitProgress() throws {
        let folder = try Fixtures.temporaryDirectory("swgate-live")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let batch = folder.appendingPathComponent("batch.jsonl")
        var generator = BatchGenerator(seed: 5, mode: .bonded)
        try generator.write(parcels: 1_500, jsonLines: true, to: batch)
        let live = try SwgateProcess.runInTerminal([
            "submit", batch.path, "--config", Self.profile, "--outbox", folder.appendingPathComponent("a").path,
        ])
        #expect(live.status == 0, "\(live.stdout)")
        #expect(live.stdout.contains("[1/4] read  1,500 of 1,500 records"), "\(live.stdout.prefix(300))")
        #expect(live.stdout.contains("[2/4] convert") && live.stdout.contains("of 1,500 records"))
        #expect(live.stdout.contains("[4/4] store"))
        #expect(live.stdout.contains("6000 documents enqueued"))
        let quiet = try SwgateProcess.runInTerminal([
            "submit", batch.path, "--config", Self.profile, "--outbox", folder.appendingPathComponent("b").path, "--quiet",
        ])
        #expect(!quiet.stdout.contains("[2/4]"))
        let piped = try SwgateProcess.run([
            "submit", batch.path, "--config", Self.profile, "--outbox", folder.appendingPathComponent("c").path,
        ])
        #expect(piped.status == 0)
        #expect(!Self.hasControlCharacters(piped.stdout + piped.stderr))
    }

    @Test("run shows one status line on a terminal and none when piped")
    func runStatusLine() throws {
        let folder = try Fixtures.temporaryDirectory("swgate-live-run")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let batch = Fixtures.checkout.appendingPathComponent("examples/bonded-batch.json").path
        for name in ["live", "piped"] {
            // A simulator each: customs answers a declaration it has seen before only once.
            let simulator = try BackgroundSwgate(["simulator", "--port", "0", "--stage-delay", "0.5"])
            defer { simulator.stop() }
            let url = try #require(simulator.firstLine())
            let outbox = folder.appendingPathComponent(name).path
            #expect(try SwgateProcess.run(["submit", batch, "--config", Self.profile, "--outbox", outbox]).status == 0)
            let arguments = ["run", "--endpoint", url, "--config", Self.profile, "--outbox", outbox, "--until-settled", "--max-wait", "60"]
            if name == "live" {
                let result = try SwgateProcess.runInTerminal(arguments)
                #expect(result.status == 0)
                #expect(result.stdout.contains("in flight") && result.stdout.contains("waiting for receipts"), "\(result.stdout)")
                #expect(result.stdout.contains("breaker closed"))
            } else {
                let result = try SwgateProcess.run(arguments)
                #expect(result.status == 0, "\(result.stderr)")
                #expect(!result.stdout.contains("in flight") && !result.stderr.contains("in flight"))
                #expect(!Self.hasControlCharacters(result.stdout + result.stderr))
            }
        }
    }

    @Test("--version names the release and the commit it was built from")
    func version() throws {
        let result = try SwgateProcess.run(["--version"])
        #expect(result.stdout.hasPrefix("swgate 0.2.0 (commit "), "\(result.stdout)")
        #expect(!result.stdout.contains("commit )"))
    }
}
