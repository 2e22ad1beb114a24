import Foundation
@testable import Outbox
import SwgateTestSupport
import Testing

/// Real `swgate send --once` processes killing themselves exactly between writing a file and
/// naming it, or between naming it and recording it (`SWGATE_FAULT_FOLDER`), twenty times each:
/// afterwards every message is in the send folder exactly once, complete, and recorded written.
@Suite("Folder transport killed with SIGKILL between write, rename and commit")
struct FolderCrashTests {
    @Test(
        "20 kills at each point, then a clean round: every message once, none lost, no temporary file left",
        arguments: ["after-write", "after-rename"])
    func killedWriters(_ point: String) async throws {
        let send = try Fixtures.temporaryDirectory("swgate-crash-send")
        defer { Fixtures.removeTemporaryDirectory(send) }
        let (store, _) = try FolderTransportTests.dispatcher(send: send)
        let outbox = URL(fileURLWithPath: store.location).deletingLastPathComponent().path
        let arguments = [
            "send", "--once", "--transport", "folder", "--send-dir", send.path, "--outbox", outbox, "--lease", "1",
            "--config", FolderTransportTests.profileURL.path,
        ]
        var kills = 0
        var random = SystemRandomNumberGenerator()
        // Until twenty rounds were killed (a round whose claims are all recognised as written
        // already, or released at the end of their lease, ends without reaching the point).
        for _ in 0..<40 where kills < 20 {
            let result = try SwgateProcess.run(
                arguments, environment: ["SWGATE_FAULT_FOLDER": "\(point):\(Int.random(in: 1...3, using: &random))"])
            if result.status == SIGKILL { kills += 1 }
            // The killed round's claims are free again once their lease runs out.
            try await Task.sleep(for: .milliseconds(1_100))
        }
        #expect(kills == 20, "every round was killed at \(point)")
        let clean = try SwgateProcess.run(arguments)
        #expect(clean.status == 0, "\(clean.stderr)")
        let names = try FolderTransportTests.names(send)
        #expect(names.allSatisfy { !$0.hasPrefix(".") }, "no temporary file left: \(names.filter { $0.hasPrefix(".") })")
        #expect(names.count == 72)
        let guids = Set(names.map { $0.split(separator: "_").last.map { String($0.dropLast(4)) } ?? "" })
        #expect(guids.count == 72, "one file per message")
        let sent = try store.connection.query("SELECT guid FROM messages WHERE state = 'sent'", []).compactMap { $0.first?.string }
        #expect(sent.count == 72)
        #expect(Set(sent) == guids, "every message written is recorded written, and the other way round")
    }
}
