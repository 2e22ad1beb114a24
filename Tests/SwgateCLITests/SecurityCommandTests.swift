import CEBMessages
import Foundation
@testable import Outbox
import SwgateTestSupport
import Testing

/// The security promises of the CLI, checked as an operator (or an attacker) would meet them.
@Suite("Security of the commands")
struct SecurityCommandTests: BondedExample {
    @Test("show masks identity and telephone numbers by default, inside the DxpMsg too; --reveal shows them and is audited")
    func showMasks() throws {
        let folder = try Fixtures.temporaryDirectory("swgate-mask")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let outbox = try submitted(folder)
        let batch = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: bonded))) as? [String: Any])
        let parcel = try #require((batch["parcels"] as? [[String: Any]])?[1])
        let buyer = try #require((parcel["order"] as? [String: Any])?["buyer"] as? [String: String])
        let id = try #require(buyer["idNumber"]), phone = try #require(buyer["phone"])
        for arguments in [["show", "HT2026112500000001"], ["show", "HT2026112500000001", "--json"], ["list", "--json"], ["export"]] {
            let result = try SwgateProcess.run(arguments + ["--outbox", outbox])
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            #expect(!result.stdout.contains(id) && !result.stdout.contains(phone), "\(arguments) printed personal data")
        }
        let masked = try SwgateProcess.run(["show", "HT2026112500000001", "--outbox", outbox])
        #expect(masked.stdout.contains(String(id.prefix(3)) + String(repeating: "*", count: id.count - 5) + String(id.suffix(2))))
        let revealed = try SwgateProcess.run(
            ["show", "HT2026112500000001", "--reveal", "--json", "--outbox", outbox], environment: ["USER": "auditor-7"])
        #expect(revealed.stdout.contains(id))
        #expect(revealed.stdout.contains("swgate show --reveal by auditor-7"), "the reveal is in the timeline")
    }

    @Test("convert --out writes owner-only files in an owner-only folder, whatever the umask")
    func convertPermissions() throws {
        let folder = try Fixtures.temporaryDirectory("swgate-perms")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let out = folder.appendingPathComponent("out")
        let result = try SwgateProcess.run(["convert", bonded, "--config", profile, "--out", out.path, "--unsigned"])
        try #require(result.status == 0, "\(result.stderr)")
        let manager = FileManager.default
        #expect((try manager.attributesOfItem(atPath: out.path)[.posixPermissions] as? Int) == 0o700)
        for name in try manager.contentsOfDirectory(atPath: out.path) {
            #expect(
                (try manager.attributesOfItem(atPath: out.appendingPathComponent(name).path)[.posixPermissions] as? Int) == 0o600, "\(name)"
            )
        }
    }

    @Test("plain http to another host is refused before anything is sent; a token on the command line draws a warning")
    func plainHTTPAndArgvTokens() throws {
        let folder = try Fixtures.temporaryDirectory("swgate-plain")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let outbox = try submitted(folder)
        let refused = try SwgateProcess.run([
            "send", "--once", "--endpoint", "http://customs.example.invalid/dxp", "--config", profile, "--outbox", outbox,
        ])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("plain http"), "\(refused.stderr)")
        let tokenFile = folder.appendingPathComponent("token")
        try Data("from-a-file\n".utf8).write(to: tokenFile)
        // Loopback port 1: nothing listens; the command fails to connect, which is not the point here.
        let argv = try SwgateProcess.run([
            "send", "--once", "--endpoint", "http://127.0.0.1:1", "--token", "visible", "--max-attempts", "1", "--config", profile,
            "--outbox", outbox,
        ])
        #expect(argv.stderr.contains("visible to other users in the process list"), "\(argv.stderr)")
        let file = try SwgateProcess.run([
            "send", "--once", "--endpoint", "http://127.0.0.1:1", "--token", "@\(tokenFile.path)", "--config", profile, "--outbox", outbox,
        ])
        #expect(!file.stderr.contains("process list"))
    }

    @Test("doctor finds an archived raw receipt whose body no longer matches its hash")
    func doctorChecksArchive() throws {
        let folder = try Fixtures.temporaryDirectory("swgate-doctor")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let outbox = try submitted(folder)
        let receipt = folder.appendingPathComponent("r.xml")
        try Fixtures.sample(.ceb312).write(to: receipt)
        #expect(try SwgateProcess.run(["receipts", "import", receipt.path, "--outbox", outbox]).status == 0)
        #expect(try SwgateProcess.run(["doctor", "--outbox", outbox]).status == 0)
        let store = try SQLOutbox(directory: URL(fileURLWithPath: outbox))
        try store.locked { () throws(OutboxError) in
            _ = try store.connection.run("UPDATE raw_receipts SET body = ?", [.blob(Data("<forged/>".utf8))])
        }
        let doctor = try SwgateProcess.run(["doctor", "--outbox", outbox])
        #expect(doctor.status == 1)
        #expect(
            doctor.stdout.contains("archived raw receipt") || doctor.stderr.contains("archived raw receipt"),
            "\(doctor.stdout) \(doctor.stderr)")
    }

    @Test("status, list and doctor work on an outbox this user may only read")
    func readOnlyOutbox() throws {
        guard getuid() == 0,
            FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser")
                || FileManager.default.isExecutableFile(atPath: "/sbin/runuser")
        else { return }
        let folder = try Fixtures.temporaryDirectory("swgate-readonly")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let outbox = try submitted(folder)
        // The binary and the outbox readable by nobody, writable only by root.
        let binary = folder.appendingPathComponent("swgate")
        try FileManager.default.copyItem(at: SwgateProcess.executable, to: binary)
        for (path, mode) in [(folder.path, 0o755), (outbox, 0o755), (binary.path, 0o755)] {
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        }
        for name in try FileManager.default.contentsOfDirectory(atPath: outbox) {
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: outbox + "/" + name)
        }
        let runuser = FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser") ? "/usr/sbin/runuser" : "/sbin/runuser"
        for arguments in [["status"], ["status", "--json"], ["list"], ["doctor"]] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: runuser)
            process.arguments = ["-u", "nobody", "--", binary.path] + arguments + ["--outbox", outbox]
            let err = Pipe()
            process.standardError = err
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(process.terminationStatus == 0, "\(arguments): \(stderr)")
            #expect(!stderr.contains("readonly database"), "\(arguments): \(stderr)")
        }
    }

    @Test("three submissions of the same batch at once, into a new outbox: all succeed, everything enqueued once")
    func concurrentSubmits() throws {
        let folder = try Fixtures.temporaryDirectory("swgate-race")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        // A new outbox each round: the processes race both to create it and to store the batch.
        // Three at a time, twenty rounds: before the fix, about one round in six failed.
        var outbox = ""
        for round in 0..<20 {
            let current = folder.appendingPathComponent("outbox-\(round)").path
            outbox = current
            let results = LockedResults()
            DispatchQueue.concurrentPerform(iterations: 3) { _ in
                if let result = try? SwgateProcess.run(["submit", bonded, "--config", profile, "--outbox", current, "--json"]) {
                    results.append(result)
                }
            }
            #expect(results.all.count == 3)
            for result in results.all { #expect(result.status == 0, "round \(round): \(result.stderr)") }
        }
        let status = try SwgateProcess.run(["status", "--outbox", outbox, "--json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        #expect((json["documentCounts"] as? [String: Any])?["total"] as? Int == 96, "\(status.stdout)")
        #expect(try SwgateProcess.run(["doctor", "--outbox", outbox]).status == 0)
    }
}

final class LockedResults: @unchecked Sendable {  // guarded by `lock`
    private let lock = NSLock()
    private var results: [SwgateProcess.Result] = []
    func append(_ result: SwgateProcess.Result) { lock.withLock { results.append(result) } }
    var all: [SwgateProcess.Result] { lock.withLock { results } }
}
