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
                PRAGMA user_version = 8;
                """
            )
        }
        let store = try SQLOutbox(directory: folder)
        #expect(try store.rawReceipts() == [Data("c".utf8), Data("b".utf8), Data("a".utf8)])
        // The same hash again is not archived twice; a new one is appended.
        _ = try store.apply([Self.receipt("a", raw: Data("a".utf8)), Self.receipt("d", raw: Data("d".utf8))], acceptanceRank: 50, now: Date(timeIntervalSince1970: 4))
        #expect(try store.rawReceipts() == [Data("c".utf8), Data("b".utf8), Data("a".utf8), Data("d".utf8)])
        let connection = try SQLiteConnection(path: path)
        let definition = try connection.query("SELECT sql FROM sqlite_master WHERE name = 'raw_receipts'", []).first?.first?.string ?? ""
        #expect(definition.contains("id INTEGER PRIMARY KEY") && !definition.contains("WITHOUT ROWID"))
        #expect(try connection.query("PRAGMA user_version", []).first?.first?.int == Int64(OutboxSchema.migrations.count))
    }
}
