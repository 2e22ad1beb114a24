import CEBMessages
import Foundation
@testable import Outbox
import Testing

/// A submission's group of rows is made apart from the transaction that inserts it; what it
/// writes for a modification, for a modification whose earlier document is gone, and for a group
/// of which another submission stored part first.
@Suite("Submission groups")
struct SubmissionGroupTests {
    static func order(_ index: Int, appType: String = "1", tax: Decimal? = nil, facts: String? = nil) -> SubmissionMessage {
        let guid = CEBGuid.stable("group-test-\(index)-\(appType)")
        var document = SubmissionDocument(
            key: DocumentKey(type: .ceb311, businessKey: "EBP:ORDER\(index)"), orderNo: "ORDER\(index)", guid: guid,
            contentHash: "hash\(index)-\(appType)", appType: appType, record: "parcels[\(index)]", lookupKeys: ["TEST|key\(index)"])
        document.withheldTax = tax
        document.platformFacts = facts
        document.paymentKey = facts == nil ? "" : "PAY\(index)"
        return SubmissionMessage(guid: guid, type: .ceb311, xml: Data("<x>\(index) \(appType)</x>".utf8), documents: [document])
    }

    /// The document stored under `index`'s key: its message's guid, round, appType, tax withheld, facts.
    static func stored(_ store: SQLOutbox, _ index: Int) throws -> [SQLValue] {
        let rows = try store.connection.query(
            """
            SELECT m.guid, d.round, d.app_type, w.amount, f.facts FROM documents d JOIN messages m ON m.id = d.message_id
            LEFT JOIN withholdings w ON w.document_id = d.id LEFT JOIN platform_facts f ON f.document_id = d.id
            WHERE d.type = 'CEB311Message' AND d.business_key = ?
            """, [.text("EBP:ORDER\(index)")])
        #expect(rows.count == 1)
        let row = try #require(rows.first)
        try #require(row.count == 5)
        return row
    }

    @Test("a modification takes over its document's row; one whose document is gone goes in as new", arguments: OutboxEngine.available)
    func modification(engine: OutboxEngine) throws {
        try SQLOutboxTests().withOutbox(engine) { store, _ in
            _ = try store.submit(file: "first.json", messages: [Self.order(1, tax: 10, facts: "{\"v\":1}")], now: Date())
            _ = try store.connection.run("UPDATE documents SET customs_status = '120', customs_rank = 120")
            let amended = Self.order(1, appType: "2", tax: 12, facts: "{\"v\":2}")
            // No earlier document under this key: the modification is stored as a document of its own.
            let orphan = Self.order(2, appType: "2", tax: 7, facts: "{\"v\":7}")
            let result = try store.submit(file: "second.json", messages: [amended, orphan], now: Date())
            #expect(result.enqueuedMessages == 2)
            let first = try Self.stored(store, 1)
            #expect(first[0].string == amended.guid)
            #expect(first[1].int == 2)
            #expect(first[2].string == "2")
            #expect(first[3].string == "12")
            #expect(first[4].string == "{\"v\":2}")
            let second = try Self.stored(store, 2)
            #expect(second[0].string == orphan.guid)
            #expect(second[3].string == "7")
            #expect(second[4].string == "{\"v\":7}")
            #expect(try store.connection.query("SELECT COUNT(*) FROM documents").first?.first?.int == 2)
            #expect(try store.connection.query("SELECT COUNT(*) FROM platform_facts").first?.first?.int == 2)
            // The earlier message keeps no document, and its trail says why: no partial batch.
            #expect(try store.check() == [], "the counters agree with the rows; the earlier message is no partial batch")
            let trail = try store.connection.query(
                "SELECT a.to_state, a.reason FROM audit a JOIN messages m ON m.id = a.entity_id WHERE a.entity = 'message' AND m.guid = ? ORDER BY a.id",
                [.text(Self.order(1, tax: 10, facts: "{\"v\":1}").guid)])
            #expect(trail.last?[0].string == "superseded")
            #expect(trail.last?[1].string?.contains(amended.guid) == true)
        }
    }

    @Test(
        "messages of a group another submission stored first are skipped; the rest keep their documents and keys",
        arguments: OutboxEngine.available)
    func partlyStored(engine: OutboxEngine) throws {
        try SQLOutboxTests().withOutbox(engine) { store, _ in
            let batch = (0..<6).map { Self.order($0, tax: Decimal($0)) }
            _ = try store.submit(file: "part.json", messages: [batch[1], batch[4]], now: Date())
            let result = try store.submit(file: "whole.json", messages: batch, now: Date())
            #expect(result.enqueuedMessages == 4)
            #expect(result.alreadyPresentDocuments.map(\.businessKey).sorted() == ["EBP:ORDER1", "EBP:ORDER4"])
            for index in 0..<6 {
                let row = try Self.stored(store, index)
                #expect(row[0].string == batch[index].guid, "document \(index) names its own message")
                #expect(row[3].string == String(index))
            }
            let keys = try store.connection.query(
                "SELECT k.key, d.business_key FROM document_keys k JOIN documents d ON d.id = k.document_id ORDER BY k.key")
            #expect(keys.map { "\($0[0].string ?? "") \($0[1].string ?? "")" } == (0..<6).map { "TEST|key\($0) EBP:ORDER\($0)" })
            #expect(try store.connection.query("SELECT COUNT(*) FROM messages").first?.first?.int == 6)
            #expect(try store.check() == [], "the counters agree with the rows")
            let status = try store.status(now: Date())
            #expect(status.messagesByState[MessageState.queued.rawValue] == 6)
        }
    }
}
