import CEBMessages
import Foundation
@testable import Outbox
import SwgateTestSupport
import Testing

/// At most once by an answer's return time and content hash (migration 16 on SQLite, 8 on
/// PostgreSQL): the same answers are duplicates as they were by the hash alone, and answers
/// stored before the time was kept still count.
@Suite("Receipts kept at most once by return time and content hash")
struct ReceiptKeyTests {
    static let time = "20261206120000123"

    /// Applies answers (hash, return time, status) to the document with `guid`, in one batch.
    static func apply(_ answers: [(hash: String, time: String, status: String)], guid: String, to store: SQLOutbox) throws
        -> [ReceiptApplication]
    {
        let receipts = answers.map { answer in
            var receipt = IncomingReceipt(
                contentHash: answer.hash, receiptType: .ceb312, status: answer.status, info: "", guid: guid, lookupKeys: [], preNo: nil,
                invtNo: nil, source: "test", rawSHA256: "raw-\(answer.hash)", fieldsJSON: "{}")
            receipt.returnTime = answer.time
            return receipt
        }
        return try store.apply(receipts, acceptanceRank: 50, now: Date()).map(\.0)
    }

    @Test(
        "the same answer is a duplicate in its own batch and in a later one; other answers of the same time are not",
        arguments: OutboxEngine.available)
    func duplicates(engine: OutboxEngine) throws {
        try SQLOutboxTests().withOutbox(engine) { store, _ in
            let message = SQLOutboxTests.message(0)
            _ = try store.submit(file: "batch.json", messages: [message], now: Date())
            try store.markTransmittedForTesting()
            let id = try #require(try store.documents(DocumentFilter(orderNo: "ORDER0")).first?.id)
            let first = try Self.apply([("h2", Self.time, "2"), ("h2", Self.time, "2")], guid: message.guid, to: store)
            #expect(first == [.applied(documentID: id, changed: true), .duplicate])
            let later = try Self.apply(
                [("h2", Self.time, "2"), ("h120", Self.time, "120"), ("h-none", "", "120")], guid: message.guid, to: store)
            #expect(later == [.duplicate, .applied(documentID: id, changed: true), .applied(documentID: id, changed: false)])
            #expect(try Self.apply([("h-none", "", "120")], guid: message.guid, to: store) == [.duplicate])
            #expect(try store.connection.query("SELECT COUNT(*) FROM receipts", []).first?.first?.int == 3)
            #expect(try store.check().isEmpty)
        }
    }

    @Test("answers stored before migration 16 keep no time and still make the same answer a duplicate")
    func storedBeforeTheMigration() throws {
        let folder = try Fixtures.temporaryDirectory("swgate-upgrade")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let path = folder.appendingPathComponent("outbox.sqlite").path
        let message = SQLOutboxTests.message(0)
        do {
            let store = try SQLOutbox(directory: folder)
            _ = try store.submit(file: "batch.json", messages: [message], now: Date())
            try store.markTransmittedForTesting()
        }
        // The receipts table as schema 15 had it, unique by hash alone, with one answer stored.
        do {
            let connection = try SQLiteConnection(path: path)
            try connection.execute(
                """
                DROP TABLE receipts;
                CREATE TABLE receipts (
                    id INTEGER PRIMARY KEY, content_sha256 TEXT NOT NULL UNIQUE, received_at INTEGER NOT NULL, source TEXT NOT NULL,
                    message_type TEXT NOT NULL, raw_sha256 TEXT NOT NULL, document_id INTEGER REFERENCES documents(id), return_status TEXT,
                    return_info TEXT, fields TEXT NOT NULL, applied INTEGER NOT NULL DEFAULT 0, lookup_keys TEXT);
                CREATE INDEX receipts_by_document ON receipts(document_id);
                CREATE INDEX receipts_unmatched ON receipts(document_id) WHERE document_id IS NULL;
                INSERT INTO receipts (id, content_sha256, received_at, source, message_type, raw_sha256, document_id, return_status, fields, applied)
                    SELECT 41, 'h2', 1000, 'poll', 'CEB312Message', 'raw', id, '2', '{}', 1 FROM documents;
                DROP TABLE attempt_bodies; ALTER TABLE attempts DROP COLUMN app_time;
                PRAGMA user_version = 15;
                """
            )
        }
        let store = try SQLOutbox(directory: folder)
        let id = try #require(try store.documents(DocumentFilter(orderNo: "ORDER0")).first?.id)
        let results = try Self.apply([("h2", Self.time, "2"), ("h120", Self.time, "120")], guid: message.guid, to: store)
        #expect(results == [.duplicate, .applied(documentID: id, changed: true)])
        let rows = try store.connection.query("SELECT id, return_time, content_sha256 FROM receipts ORDER BY id", [])
        #expect(rows.map { $0.dropFirst().compactMap(\.string) } == [["", "h2"], [Self.time, "h120"]])
        #expect(rows.first?.first?.int == 41, "rows keep their ids through the rebuild")
        let definition = try store.connection.query("SELECT sql FROM sqlite_master WHERE name = 'receipts'", []).first?.first?.string ?? ""
        #expect(!definition.contains("UNIQUE"))
        #expect(try store.connection.query("PRAGMA user_version", []).first?.first?.int == Int64(OutboxSchema.migrations.count))
        #expect(try store.check().isEmpty)
    }

    @Test("looking answers up seeks the index once per answer, never scans the table")
    func lookupUsesTheIndex() throws {
        let folder = try Fixtures.temporaryDirectory("swgate-outbox")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let store = try SQLOutbox(directory: folder)
        let plan = try store.connection.query(
            "EXPLAIN QUERY PLAN " + SQLOutbox.storedReceiptsQuery(pairs: 3), Array(repeating: .text("x"), count: 6))
        let details = plan.compactMap { $0.last?.string }
        #expect(details.contains { $0.hasPrefix("SEARCH receipts USING COVERING INDEX receipts_by_time_and_content") }, "\(details)")
        #expect(!details.contains { $0.hasPrefix("SCAN receipts") }, "\(details)")
    }
}
