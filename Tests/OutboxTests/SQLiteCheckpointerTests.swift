import Foundation
@testable import Outbox
import SwgateTestSupport
import Testing

@Suite("SQLite checkpoints off the committing thread")
struct SQLiteCheckpointerTests {
    enum Mode: String, CaseIterable, CustomTestStringConvertible {
        case background, inline, none
        var testDescription: String { rawValue }
    }

    /// 200 commits of ~12 pages each into a WAL database; returns the log's size afterwards, the
    /// checkpoints the thread finished, and the rows read back.
    func commitMany(_ mode: Mode) throws -> (walBytes: Int, completed: Int, rows: Int) {
        let folder = try Fixtures.temporaryDirectory("swgate-checkpoint")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let path = folder.appendingPathComponent("t.sqlite").path
        let connection = try SQLiteConnection(path: path)
        try connection.execute("PRAGMA journal_mode = WAL")
        let checkpointer: SQLiteCheckpointer?
        switch mode {
        case .background: checkpointer = SQLiteCheckpointer(path: path, wakePages: 16, inlinePages: 1_000_000)
        case .inline: checkpointer = SQLiteCheckpointer(path: path, wakePages: 16, inlinePages: 16)
        case .none:
            checkpointer = nil
            try connection.execute("PRAGMA wal_autocheckpoint = 0")
        }
        if let checkpointer { connection.checkpoint(with: checkpointer) }
        try connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB NOT NULL)")
        let body = Data(repeating: 0x5A, count: 3_000)
        for round in 0..<200 {
            // Give the thread a chance to catch up now and then, as a real intake's pauses do.
            if round % 20 == 19 { Thread.sleep(forTimeInterval: 0.02) }
            try connection.transaction { () throws(OutboxError) in
                try connection.insertRows("INSERT", into: "t", columns: ["body"], rows: Array(repeating: [.blob(body)], count: 12))
            }
        }
        let rows = Int(try connection.query("SELECT COUNT(*) FROM t").first?.first?.int ?? -1)
        let wal = (try? FileManager.default.attributesOfItem(atPath: path + "-wal"))?[.size] as? Int ?? 0
        return (wal, checkpointer?.completed ?? 0, rows)
    }

    @Test(
        "commits wake the checkpoint thread, which keeps the log small; past the inline limit the commit does it; without either the log only grows",
        arguments: Mode.allCases)
    func logStaysSmall(mode: Mode) throws {
        let written = 200 * 12 * 3_000
        let result = try commitMany(mode)
        #expect(result.rows == 2_400, "every committed row is there")
        switch mode {
        case .background:
            #expect(result.completed > 0, "the thread ran")
            #expect(result.walBytes < written / 2, "the log was started again: \(result.walBytes) bytes for \(written) written")
        case .inline:
            #expect(result.completed == 0, "every commit checkpointed itself")
            #expect(result.walBytes < written / 2, "\(result.walBytes) bytes for \(written) written")
        case .none:
            #expect(result.walBytes >= written, "the control: no checkpoint, the whole history is in the log")
        }
    }
}

@Suite("SQLOutbox.checkpointLog")
struct OutboxCheckpointLogTests {
    @Test("checkpointLog copies the whole log into the database and empties it; the outbox reads the same afterwards")
    func emptiesTheLog() throws {
        let folder = try Fixtures.temporaryDirectory("swgate-checkpoint-log")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let store = try SQLOutbox(directory: folder.appendingPathComponent("outbox"))
        _ = try store.submit(file: "batch.json", messages: (0..<200).map { SQLOutboxTests.message($0) }, now: Date())
        let wal = folder.appendingPathComponent("outbox/outbox.sqlite-wal").path
        func walBytes() -> Int { (try? FileManager.default.attributesOfItem(atPath: wal))?[.size] as? Int ?? -1 }
        #expect(walBytes() > 0, "the submission is in the log")
        try store.checkpointLog()
        #expect(walBytes() == 0)
        #expect(try store.status(now: Date()).documentsTotal == 200)
        #expect(try store.check().isEmpty)
    }
}
