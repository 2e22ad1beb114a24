import CEBMessages
import Foundation
@testable import Outbox
import SwgateTestSupport
import Testing

@Suite("Upgrading an embedded outbox")
struct OutboxUpgradeTests {
    static func receipt(_ name: String, raw: Data) -> IncomingReceipt {
        var receipt = IncomingReceipt(
            contentHash: "content-\(name)", receiptType: .ceb312, status: "120", info: "", guid: nil, lookupKeys: ["CEB311|EBP:\(name)"],
            preNo: nil, invtNo: nil, source: "test", rawSHA256: "raw-\(name)", fieldsJSON: "{}"
        )
        receipt.raw = raw
        return receipt
    }

    /// What migrations after 10 added, dropped so that an outbox can be put back to an earlier schema.
    static let withoutLaterTables =
        """
        DROP TRIGGER documents_wake_on_move; DROP TRIGGER documents_wake_on_delete; DROP TRIGGER documents_wake_own_message;
        DROP TRIGGER messages_wake_on_move; DROP INDEX messages_unparked; DROP INDEX messages_parked;
        CREATE INDEX messages_by_age ON messages(state, created_at);
        ALTER TABLE messages DROP COLUMN parked;
        DROP TABLE poll_cursors; DROP TABLE platform_facts; DROP TABLE platform_requests; DROP TABLE tax_bills; DROP TABLE withholdings;
        DROP INDEX documents_by_invt_no; DROP TABLE attempt_bodies; ALTER TABLE attempts DROP COLUMN app_time;
        """

    @Test("raw receipts archived before migration 9 are kept, in order, and still deduplicate by hash")
    func rawReceiptsSurvive() throws {
        let folder = try Fixtures.temporaryDirectory("swgate-upgrade")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let path = folder.appendingPathComponent("outbox.sqlite").path
        do { _ = try SQLOutbox(directory: folder) }
        // Put the table back the way schema version 8 had it, with three archived receipts.
        do {
            let connection = try SQLiteConnection(path: path)
            try connection.execute(
                """
                DROP TABLE raw_receipts;
                CREATE TABLE raw_receipts (sha256 TEXT PRIMARY KEY, received_at INTEGER NOT NULL, body BLOB NOT NULL) WITHOUT ROWID;
                INSERT INTO raw_receipts VALUES ('raw-b', 2000, X'62'), ('raw-a', 3000, X'61'), ('raw-c', 1000, X'63');
                \(Self.withoutLaterTables)
                PRAGMA user_version = 8;
                """
            )
        }
        let store = try SQLOutbox(directory: folder)
        #expect(try store.rawReceipts() == [Data("c".utf8), Data("b".utf8), Data("a".utf8)])
        // The same hash again is not archived twice; a new one is appended.
        _ = try store.apply(
            [Self.receipt("a", raw: Data("a".utf8)), Self.receipt("d", raw: Data("d".utf8))], acceptanceRank: 50,
            now: Date(timeIntervalSince1970: 4))
        #expect(try store.rawReceipts() == [Data("c".utf8), Data("b".utf8), Data("a".utf8), Data("d".utf8)])
        let connection = try SQLiteConnection(path: path)
        let definition = try connection.query("SELECT sql FROM sqlite_master WHERE name = 'raw_receipts'", []).first?.first?.string ?? ""
        #expect(definition.contains("id INTEGER PRIMARY KEY") && !definition.contains("WITHOUT ROWID"))
        #expect(try connection.query("PRAGMA user_version", []).first?.first?.int == Int64(OutboxSchema.migrations.count))
    }

    /// An outbox in `folder` holding messages 0..<count, with its payloads table put back the way
    /// schema version 9 had it (keyed by hash, WITHOUT ROWID) and marked as version 9; `extra`
    /// runs before the mark. Returns the database's path.
    static func outboxAtSchema9(in folder: URL, messages count: Int, extra: String = "") throws -> String {
        let path = folder.appendingPathComponent("outbox.sqlite").path
        do {
            _ = try SQLOutbox(directory: folder).submit(
                file: "a.json", messages: (0..<count).map { SQLOutboxTests.message($0) }, now: Date())
        }
        let connection = try SQLiteConnection(path: path)
        try connection.execute(
            """
            PRAGMA foreign_keys = OFF;
            CREATE TABLE payloads_old (sha256 TEXT PRIMARY KEY, body BLOB NOT NULL) WITHOUT ROWID;
            INSERT INTO payloads_old SELECT sha256, body FROM payloads;
            DROP TABLE payloads;
            ALTER TABLE payloads_old RENAME TO payloads;
            \(extra)
            \(Self.withoutLaterTables)
            PRAGMA user_version = 9;
            """
        )
        return path
    }

    @Test("message payloads stored before migration 10 are still each message's body, and foreign keys are enforced after it")
    func payloadsSurvive() throws {
        let folder = try Fixtures.temporaryDirectory("swgate-upgrade")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let path = try Self.outboxAtSchema9(in: folder, messages: 3)
        let store = try SQLOutbox(directory: folder)
        for index in 0..<3 {
            let detail = try #require(try store.details("ORDER\(index)").first)
            #expect(String(decoding: detail.payload, as: UTF8.self) == "<x>\(index)</x>")
        }
        #expect(try store.check().isEmpty)
        // New messages after the upgrade, one of them sharing a body already stored.
        var again = SQLOutboxTests.message(7)
        again.xml = Data("<x>1</x>".utf8)
        _ = try store.submit(file: "b.json", messages: [again, SQLOutboxTests.message(8)], now: Date())
        #expect(String(decoding: try #require(try store.details("ORDER7").first).payload, as: UTF8.self) == "<x>1</x>")
        let connection = try SQLiteConnection(path: path)
        #expect(try connection.query("SELECT COUNT(*) FROM payloads", []).first?.first?.int == 4)
        let definition = try connection.query("SELECT sql FROM sqlite_master WHERE name = 'payloads'", []).first?.first?.string ?? ""
        #expect(definition.contains("id INTEGER PRIMARY KEY") && !definition.contains("WITHOUT ROWID"))
        #expect(try connection.query("PRAGMA user_version", []).first?.first?.int == Int64(OutboxSchema.migrations.count))
        // The store's own connection enforces references again once the rebuild is done.
        #expect(try store.connection.query("PRAGMA foreign_keys", []).first?.first?.int == 1)
    }

    @Test("a migration that would leave a message without its payload is refused and changes nothing")
    func brokenReferenceRefused() throws {
        let folder = try Fixtures.temporaryDirectory("swgate-upgrade")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        // Message 1's body ("<x>1</x>") gone: its message refers to nothing.
        let path = try Self.outboxAtSchema9(in: folder, messages: 2, extra: "DELETE FROM payloads WHERE body = X'3c783e313c2f783e';")
        let error = #expect(throws: OutboxError.self) { try SQLOutbox(directory: folder) }
        #expect(error?.localizedDescription.contains("broken reference") == true)
        let connection = try SQLiteConnection(path: path)
        #expect(try connection.query("PRAGMA user_version", []).first?.first?.int == 9)
        let definition = try connection.query("SELECT sql FROM sqlite_master WHERE name = 'payloads'", []).first?.first?.string ?? ""
        #expect(definition.contains("WITHOUT ROWID"))
    }
}
