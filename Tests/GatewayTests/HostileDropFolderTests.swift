import CEBMessages
import Foundation
import Gateway
import Outbox
import SwgateTestSupport
import Testing

/// `receipts watch` against a folder that whoever drops files into it may have prepared.
@Suite("Hostile drop folder")
struct HostileDropFolderTests {
    static func watcher(_ drop: URL, store: SQLOutbox) -> ReceiptFolderWatcher {
        ReceiptFolderWatcher(folder: drop, intake: ReceiptIntake(store: store), settle: 0)
    }

    static func fixture() throws -> (folder: URL, drop: URL, store: SQLOutbox) {
        let folder = try Fixtures.temporaryDirectory("swgate-hostile-drop")
        let drop = folder.appendingPathComponent("drop")
        try FileManager.default.createDirectory(at: drop, withIntermediateDirectories: true)
        return (folder, drop, try SQLOutbox(directory: folder.appendingPathComponent("outbox")))
    }

    @Test("done/ or quarantine/ as a link to elsewhere: refused, nothing moved outside the folder", arguments: ["done", "quarantine"])
    func linkedSubfolder(name: String) throws {
        let (folder, drop, store) = try Self.fixture()
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let elsewhere = folder.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: drop.appendingPathComponent(name).path, withDestinationPath: elsewhere.path)
        try Fixtures.sample(.ceb312).write(to: drop.appendingPathComponent("a.xml"))
        try Data("<<<".utf8).write(to: drop.appendingPathComponent("b.xml"))
        #expect(throws: (any Error).self) { _ = try Self.watcher(drop, store: store).scan() }
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path).isEmpty, "nothing was written through the link")
        #expect(FileManager.default.fileExists(atPath: drop.appendingPathComponent("a.xml").path))

        let result = try SwgateProcess.run([
            "receipts", "watch", drop.path, "--outbox", folder.appendingPathComponent("outbox").path, "--once", "--settle", "0",
        ])
        #expect(result.status != 0)
        #expect(result.stderr.contains("symbolic link"), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path).isEmpty)
    }

    @Test("a link among the files is quarantined unread; its target is untouched")
    func linkedFile() throws {
        let (folder, drop, store) = try Self.fixture()
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let secret = folder.appendingPathComponent("secret.xml")
        try Fixtures.sample(.ceb312).write(to: secret)
        try FileManager.default.createSymbolicLink(atPath: drop.appendingPathComponent("link.xml").path, withDestinationPath: secret.path)
        let pass = try Self.watcher(drop, store: store).scan()
        #expect(pass.quarantined == 1 && pass.counts.applied + pass.counts.unmatched == 0)
        #expect(pass.notes.first?.contains("symbolic link") == true, "\(pass.notes)")
        #expect(FileManager.default.fileExists(atPath: secret.path))
    }

    @Test("hostile names: not UTF-8, 255 bytes long, control characters, a plain file named done; every good file is still taken")
    func hostileNames() throws {
        let (folder, drop, store) = try Self.fixture()
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let sample = try Fixtures.sample(.ceb312)
        func write(_ name: [UInt8], _ data: Data) {
            let path = Array(drop.path.utf8) + [UInt8(ascii: "/")] + name
            var terminated = path.map { CChar(bitPattern: $0) }
            terminated.append(0)
            let descriptor = Glibc.open(terminated, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            #expect(descriptor >= 0)
            _ = data.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            close(descriptor)
        }
        write(Array("latin1-".utf8) + [0xE9] + Array(".xml".utf8), Data("<<<".utf8))  // "latin1-é.xml" in Latin-1
        write(Array(repeating: UInt8(ascii: "a"), count: 251) + Array(".xml".utf8), Data("<<<".utf8))
        write(Array("evil\n2026-12-05 INFO forged line \u{1B}[31m.xml".utf8), Data("<<<".utf8))
        write(Array("done".utf8), Data("<<<".utf8))
        write(Array("good-1.xml".utf8), sample)
        write(Array("zz-good-2.xml".utf8), sample)

        let first = try Self.watcher(drop, store: store).scan()
        let second = try Self.watcher(drop, store: store).scan()
        #expect(first.done + second.done == 2, "\(first.notes) \(second.notes)")
        #expect(first.quarantined + second.quarantined == 4, "\(first.notes) \(second.notes)")
        let notes = (first.notes + second.notes).joined(separator: "\n")
        #expect(!notes.contains("\u{1B}"), "escape sequences are escaped in notes")
        #expect(notes.contains("\\xe9"), "a byte that is not UTF-8 is shown escaped")
        #expect(notes.split(separator: "\n").allSatisfy { !$0.hasPrefix("2026-12-05 INFO") }, "no forged line")
        let leftover = try FileManager.default.contentsOfDirectory(atPath: drop.path).filter { $0 != "done" && $0 != "quarantine" }
        #expect(leftover.isEmpty, "\(leftover)")
        var isDirectory: ObjCBool = false
        #expect(
            FileManager.default.fileExists(atPath: drop.appendingPathComponent("done").path, isDirectory: &isDirectory)
                && isDirectory.boolValue)
        // Every quarantined file has its note.
        let quarantined = try SafeDirectory(path: drop.appendingPathComponent("quarantine").path).names()
        #expect(quarantined.filter { String(decoding: $0, as: UTF8.self).hasSuffix(".err") }.count == 4)
        #expect(quarantined.allSatisfy { $0.count <= 255 })

        // The command keeps going over the same kind of folder, and its output is escaped too.
        write(Array("again\n\u{1B}[2J.xml".utf8), Data("<<<".utf8))
        let result = try SwgateProcess.run([
            "receipts", "watch", drop.path, "--outbox", folder.appendingPathComponent("outbox").path, "--once", "--settle", "0",
        ])
        #expect(result.status == 1, "a quarantined file makes --once exit 1")
        #expect(!result.stderr.contains("\u{1B}"))
        #expect(result.stderr.contains("again\\n"))
    }
}
