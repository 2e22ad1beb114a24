import CEBMessages
import Foundation
@testable import Outbox
import SwgateTestSupport
import Testing

/// Which engine an outbox test runs on: every test here runs on both, the same assertions.
enum OutboxEngine: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// The engines available to this run: PostgreSQL when `make test` started a server.
    static var available: [OutboxEngine] { PostgresTestServer.isAvailable ? [.sqlite, .postgres] : [.sqlite] }
}

@Suite("SQL outbox (SQLite and PostgreSQL)")
struct SQLOutboxTests {
    static func message(_ index: Int, type: CEBMessageType = .ceb311, key: String? = nil) -> SubmissionMessage {
        let guid = CEBGuid.stable("test-message-\(index)-\(type.rawValue)")
        let documentKey = DocumentKey(type: type, businessKey: key ?? "EBP:ORDER\(index)")
        return SubmissionMessage(
            guid: guid, type: type, xml: Data("<x>\(index)</x>".utf8),
            documents: [
                SubmissionDocument(
                    key: documentKey, orderNo: "ORDER\(index)", guid: guid, contentHash: "hash\(index)", record: "parcels[\(index)]")
            ]
        )
    }

    /// Runs `body` with a new outbox on `engine` and where to open it again (a folder or a URL).
    func withOutbox(_ engine: OutboxEngine, _ body: (SQLOutbox, String) throws -> Void) throws {
        switch engine {
        case .sqlite:
            let folder = try Fixtures.temporaryDirectory("swgate-outbox")
            defer { Fixtures.removeTemporaryDirectory(folder) }
            let directory = folder.appendingPathComponent("outbox")
            try body(try SQLOutbox(directory: directory), directory.path)
        case .postgres:
            let url = try PostgresTestServer.freshDatabase("outbox")
            try body(try SQLOutbox(postgres: url), url)
        }
    }

    @Test("the quick check for unsettled documents agrees with counting them, odd statuses included", arguments: OutboxEngine.available)
    func unsettledCheck(engine: OutboxEngine) throws {
        try withOutbox(engine) { store, _ in
            let messages = [Self.message(0), Self.message(1), Self.message(2, type: .ceb621), Self.message(3, type: .ceb621)]
            _ = try store.submit(file: "batch.json", messages: messages, now: Date())
            func set(_ type: CEBMessageType, _ status: String, where key: String? = nil) throws {
                _ = try store.connection.run(
                    "UPDATE documents SET customs_status = ?, customs_rank = ? WHERE type = ?"
                        + (key == nil ? "" : " AND business_key = ?"),
                    [.text(status), .integer(Int64(CustomsStatus.rank(status))), .text(type.rawValue)] + (key.map { [.text($0)] } ?? []))
            }
            func expect(_ count: Int, _ comment: Comment) throws {
                #expect(try store.unsettledDocuments() == count, comment)
                #expect(try store.hasUnsettledDocuments() == (count > 0), comment)
            }
            try expect(4, "nothing answered yet")
            try set(.ceb311, "120")
            try set(.ceb621, "800")
            try expect(0, "orders accepted, inventories released")
            try set(.ceb621, "4", where: "EBP:ORDER2")
            try expect(1, "status 4 is not final, and the waiting documents' index leaves it out")
            _ = try store.connection.run("UPDATE messages SET state = 'dead' WHERE guid = ?", [.text(messages[2].guid)])
            try expect(0, "a dead message's document is settled")
            try set(.ceb311, "800", where: "EBP:ORDER1")
            try expect(1, "800 is final for an inventory, not for an order")
            try set(.ceb311, "-1", where: "EBP:ORDER1")
            try expect(0, "an error is final")
        }
    }

    @Test(
        "answers for one document in one transaction apply in turn, each against what the ones before it changed",
        arguments: OutboxEngine.available)
    func answersTogether(engine: OutboxEngine) throws {
        try withOutbox(engine) { store, _ in
            let messages = (0..<2).map { Self.message($0) }
            _ = try store.submit(file: "batch.json", messages: messages, now: Date())
            try store.markTransmittedForTesting()
            // Order 0 is found by its guid (read up front with the others), order 1 by its business key.
            func answer(_ index: Int, _ status: String, copy: Int = 0) -> IncomingReceipt {
                let byGuid = index == 0
                return IncomingReceipt(
                    contentHash: "answer-\(index)-\(status)-\(copy)", receiptType: .ceb312, status: status, info: "",
                    guid: byGuid ? messages[index].guid : nil,
                    lookupKeys: byGuid ? [] : ["CEB311|EBP:ORDER\(index)"], preNo: nil, invtNo: nil, source: "test", rawSHA256: "x",
                    fieldsJSON: "{}"
                )
            }
            let results = try store.apply(
                [answer(0, "2"), answer(0, "120"), answer(0, "2", copy: 1), answer(0, "120"), answer(1, "120"), answer(1, "2")],
                acceptanceRank: CustomsStatus.rank("120"), now: Date()
            ).map(\.0)
            let ids = try [0, 1].map { index in try #require(try store.documents(DocumentFilter(orderNo: "ORDER\(index)")).first?.id) }
            #expect(
                results == [
                    .applied(documentID: ids[0], changed: true), .applied(documentID: ids[0], changed: true),
                    .applied(documentID: ids[0], changed: false),
                    .duplicate, .applied(documentID: ids[1], changed: true), .applied(documentID: ids[1], changed: false),
                ])
            let status = try store.status(now: Date())
            #expect(status.documentsByStatus == ["120": 2])
            #expect(status.messagesByState == ["acknowledged": 2])
            let detail = try #require(try store.details(String(ids[0])).first)
            #expect(detail.audit.filter { $0.entity == "document" }.map(\.to) == ["2", "120"])
            #expect(detail.audit.filter { $0.entity == "message" }.map(\.to) == ["queued", "acknowledged"], "the message moves once")
            #expect(try store.check().isEmpty)
        }
    }

    @Test("a submission is stored whole; counts, listing and details agree; files are owner-only", arguments: OutboxEngine.available)
    func submitAndRead(engine: OutboxEngine) throws {
        try withOutbox(engine) { store, directory in
            let result = try store.submit(file: "batch.json", messages: (0..<10).map { Self.message($0) }, now: Date())
            #expect(result.enqueuedMessages == 10)
            let status = try store.status(now: Date())
            #expect(status.documentsTotal == 10)
            #expect(status.messagesByState == ["queued": 10])
            #expect(try store.documents(DocumentFilter(limit: 3)).count == 3)
            #expect(try store.documents(DocumentFilter(orderNo: "ORDER4")).first?.businessKey == "EBP:ORDER4")
            let detail = try #require(try store.details("ORDER4").first)
            #expect(String(decoding: detail.payload, as: UTF8.self) == "<x>4</x>")
            #expect(detail.audit.first?.to == "queued")
            #expect(try store.check().isEmpty)
            if engine == .sqlite {
                let folderMode = try FileManager.default.attributesOfItem(atPath: directory)[.posixPermissions] as? Int
                let fileMode = try FileManager.default.attributesOfItem(atPath: store.location)[.posixPermissions] as? Int
                #expect(folderMode == 0o700)
                #expect(fileMode == 0o600)
            }
        }
    }

    @Test("a conflicting document makes the whole submission fail, and nothing of it is visible", arguments: OutboxEngine.available)
    func atomicConflict(engine: OutboxEngine) throws {
        try withOutbox(engine) { store, _ in
            _ = try store.submit(file: "first.json", messages: [Self.message(1)], now: Date())
            let second = [Self.message(2), Self.message(3), Self.message(99, key: "EBP:ORDER1")]
            let error = #expect(throws: OutboxError.self) { try store.submit(file: "second.json", messages: second, now: Date()) }
            #expect(error?.localizedDescription.contains("EBP:ORDER1") == true, "the conflict names the document")
            let status = try store.status(now: Date())
            #expect(status.documentsTotal == 1)
            #expect(status.messagesTotal == 1)
            #expect(try store.existing([DocumentKey(type: .ceb311, businessKey: "EBP:ORDER2")]).isEmpty)
            #expect(try store.check().isEmpty)
        }
    }

    @Test(
        "a batch larger than one insert statement: twice the same key, or a taken guid, is named; nothing is kept",
        arguments: OutboxEngine.available)
    func conflictsInLargeBatches(engine: OutboxEngine) throws {
        try withOutbox(engine) { store, _ in
            _ = try store.submit(file: "first.json", messages: (0..<150).map { Self.message($0) }, now: Date())
            var twice = (1000..<1200).map { Self.message($0) }
            twice[170] = Self.message(5000, key: "EBP:ORDER1010")
            let repeated = #expect(throws: OutboxError.self) { try store.submit(file: "twice.json", messages: twice, now: Date()) }
            #expect(repeated?.localizedDescription.contains("EBP:ORDER1010") == true)
            var guidTaken = (2000..<2100).map { Self.message($0) }
            guidTaken[90].guid = Self.message(7).guid
            let taken = #expect(throws: OutboxError.self) { try store.submit(file: "guid.json", messages: guidTaken, now: Date()) }
            #expect(taken?.localizedDescription.contains(Self.message(7).guid) == true)
            let status = try store.status(now: Date())
            #expect(status.documentsTotal == 150)
            #expect(status.messagesTotal == 150)
            #expect(try store.check().isEmpty)
            // Ids continue after the largest, so a later batch still links documents to their messages.
            _ = try store.submit(file: "later.json", messages: (3000..<3100).map { Self.message($0) }, now: Date())
            let detail = try #require(try store.details("ORDER3099").first)
            #expect(String(decoding: detail.payload, as: UTF8.self) == "<x>3099</x>")
            #expect(try store.check().isEmpty)
        }
    }

    @Test("retry by state moves every dead message at once; cancel and retry follow the lifecycle", arguments: OutboxEngine.available)
    func operatorActions(engine: OutboxEngine) throws {
        try withOutbox(engine) { store, _ in
            _ = try store.submit(file: "b.json", messages: (0..<5).map { Self.message($0) }, now: Date())
            #expect(throws: OutboxError.self) { try store.retry(messageIDs: [1], now: Date()) }
            #expect(try store.cancel(messageIDs: [1, 2], now: Date()) == 2)
            #expect(throws: OutboxError.self) { try store.cancel(messageIDs: [1], now: Date()) }
            #expect(try store.retry(state: .dead, type: nil, dryRun: true, now: Date()) == 0)
            #expect(throws: OutboxError.self) { try store.retry(state: .queued, type: nil, dryRun: false, now: Date()) }
            let status = try store.status(now: Date())
            #expect(status.messagesByState["cancelled"] == 2)
            #expect(status.messagesByState["queued"] == 3)
            #expect(try store.check().isEmpty)
        }
    }

    @Test("prune removes only final messages older than the cutoff, with their documents and payloads", arguments: OutboxEngine.available)
    func prune(engine: OutboxEngine) throws {
        try withOutbox(engine) { store, _ in
            let old = Date().addingTimeInterval(-100 * 86_400)
            _ = try store.submit(file: "b.json", messages: (0..<4).map { Self.message($0) }, now: old)
            _ = try store.cancel(messageIDs: [1, 2], now: old)
            #expect(try store.prune(before: Date().addingTimeInterval(-90 * 86_400)) == 2)
            let status = try store.status(now: Date())
            #expect(status.messagesTotal == 2)
            #expect(status.documentsTotal == 2)
            #expect(try store.check().isEmpty)
        }
    }

    @Test("a second process sees the first one's submission (shared outbox)", arguments: OutboxEngine.available)
    func sharedOutbox(engine: OutboxEngine) throws {
        try withOutbox(engine) { store, directory in
            _ = try store.submit(file: "a.json", messages: [Self.message(1)], now: Date())
            let other = try SQLOutbox(location: directory)
            _ = try other.submit(file: "b.json", messages: [Self.message(2)], now: Date())
            #expect(try store.status(now: Date()).documentsTotal == 2)
            // The same document again, identical: a no-op (another submission got there first).
            let again = try other.submit(file: "c.json", messages: [Self.message(1)], now: Date())
            #expect(again.enqueuedDocuments == 0 && again.alreadyPresentDocuments.count == 1)
            // The same key with other content is a conflict the caller must resolve (--amend).
            #expect(throws: OutboxError.self) {
                try other.submit(file: "d.json", messages: [Self.message(3, key: "EBP:ORDER1")], now: Date())
            }
            #expect(try store.status(now: Date()).documentsTotal == 2)
        }
    }

    /// The transaction compares a batch with what the outbox held before it, group by group: a
    /// document the batch itself wrote in an earlier group is not "already there" but twice in
    /// the batch, and the batch is refused whole.
    @Test("a document twice in one batch, groups apart, is a conflict; nothing is stored", arguments: OutboxEngine.available)
    func repeatedAcrossGroups(engine: OutboxEngine) throws {
        try withOutbox(engine) { store, _ in
            var messages = (0..<(SQLOutbox.submitGroup + 1)).map { Self.message($0) }
            var repeated = Self.message(0)
            repeated.guid = CEBGuid.stable("test-message-repeated")
            repeated.documents[0].guid = repeated.guid
            messages[SQLOutbox.submitGroup] = repeated
            #expect(throws: OutboxError.self) { try store.submit(file: "b.json", messages: messages, now: Date()) }
            let status = try store.status(now: Date())
            #expect(status.documentsTotal == 0)
        }
    }

    @Test(
        "an inventory whose order was rejected, cancelled or left in error goes dead with the reason; one whose order was accepted waits",
        arguments: OutboxEngine.available)
    func blockedInventories(engine: OutboxEngine) throws {
        try withOutbox(engine) { store, _ in
            let start = Date(timeIntervalSince1970: 1_790_000_000)
            let orders = (0..<4).map { Self.message($0) }
            let inventories = (0..<4).map { Self.message($0, type: .ceb621, key: "COP:INV\($0)") }
            _ = try store.submit(file: "b.json", messages: orders + inventories, now: start)
            try store.markTransmittedForTesting(type: "CEB311Message")
            func receipt(_ message: SubmissionMessage, _ status: String) -> IncomingReceipt {
                IncomingReceipt(
                    contentHash: "r-\(message.guid)-\(status)", receiptType: .ceb312, status: status, info: "", guid: message.guid,
                    lookupKeys: [], preNo: nil, invtNo: nil, source: "test", rawSHA256: "x", fieldsJSON: "{}")
            }
            _ = try store.apply(
                [receipt(orders[0], "100"), receipt(orders[2], "-999999"), receipt(orders[3], "120")], acceptanceRank: 0, now: start)
            let orderMessage1 = try #require(try store.documents(DocumentFilter(type: .ceb311, orderNo: "ORDER1")).first?.messageID)
            #expect(try store.cancel(messageIDs: [orderMessage1], now: start) == 1)

            func inventoryState(_ index: Int) throws -> (MessageState?, String?) {
                let summary = try store.documents(DocumentFilter(type: .ceb621, orderNo: "ORDER\(index)")).first
                let detail = try store.details(String(summary?.id ?? 0)).first
                return (summary?.state, detail?.audit.last { $0.entity == "message" }?.reason)
            }
            #expect(try store.failBlockedInventories(grace: 1800, now: start.addingTimeInterval(600)) == 2)
            #expect(try inventoryState(0).0 == .dead)
            #expect(try inventoryState(0).1?.contains("rejected by customs (100)") == true)
            #expect(try inventoryState(1).0 == .dead)
            #expect(try inventoryState(1).1?.contains("cancelled") == true)
            #expect(try inventoryState(2).0 == .queued, "an error may still be followed by an acceptance")
            #expect(try inventoryState(3).0 == .queued)
            #expect(try store.failBlockedInventories(grace: 1800, now: start.addingTimeInterval(1900)) == 1)
            #expect(try inventoryState(2).0 == .dead)
            #expect(try inventoryState(2).1?.contains("-999999") == true)
            #expect(try inventoryState(3).0 == .queued)
            #expect(
                try store.failBlockedInventories(grace: 1800, now: start.addingTimeInterval(4000)) == 0, "dead ones are not moved again")
            #expect(try store.check().isEmpty)
        }
    }

    @Test(
        "overdue: delivered documents without a final status past their type's deadline; the clock restarts at every status",
        arguments: OutboxEngine.available)
    func overdue(engine: OutboxEngine) throws {
        try withOutbox(engine) { store, _ in
            let start = Date(timeIntervalSince1970: 1_790_000_000)
            let messages = (0..<3).map { Self.message($0) } + (0..<2).map { Self.message($0, type: .ceb621, key: "COP:INV\($0)") }
            _ = try store.submit(file: "b.json", messages: messages, now: start)
            let claimed = try store.claim(limit: 10, worker: "t", lease: 60, gate: DispatchGate(acceptanceRank: 0), now: start)
            #expect(claimed.count == 5)
            for message in claimed {
                let report = AttemptReport(
                    startedAt: start, finishedAt: start, endpoint: "http://x", transmissionID: "t", httpStatus: 200, outcome: .accepted,
                    error: nil, sentSHA256: nil, appTime: nil)
                _ = try store.finish(message, attempt: report, event: .delivered, nextAttemptAt: nil, now: start)
            }
            func receipt(_ message: SubmissionMessage, _ type: CEBMessageType, _ status: String) -> IncomingReceipt {
                IncomingReceipt(
                    contentHash: "r-\(message.guid)-\(status)", receiptType: type, status: status, info: "", guid: message.guid,
                    lookupKeys: [], preNo: nil, invtNo: nil, source: "test", rawSHA256: "x", fieldsJSON: "{}")
            }
            _ = try store.apply([receipt(messages[0], .ceb312, "120")], acceptanceRank: 0, now: start)
            _ = try store.apply([receipt(messages[3], .ceb622, "120")], acceptanceRank: 0, now: start.addingTimeInterval(3600))
            let deadlines = ReceiptDeadlines()
            func overdue(after hours: Double, _ deadlines: ReceiptDeadlines = ReceiptDeadlines()) throws -> Set<String> {
                let now = start.addingTimeInterval(hours * 3600)
                let listed = Set(try store.overdueDocuments(deadlines, now: now, limit: 100).map(\.businessKey))
                #expect(try store.overdueCount(deadlines, now: now) == listed.count, "the count in swgate status agrees with the list")
                return listed
            }
            #expect(try overdue(after: 0.5).isEmpty)
            #expect(try overdue(after: 2) == ["EBP:ORDER1", "EBP:ORDER2"], "order 0 is final; inventories have 4 h")
            #expect(
                try overdue(after: 4.5) == ["EBP:ORDER1", "EBP:ORDER2", "COP:INV1"], "inventory 0 heard 120 at 1 h: its clock restarted")
            #expect(try overdue(after: 5.5) == ["EBP:ORDER1", "EBP:ORDER2", "COP:INV0", "COP:INV1"])
            #expect(try overdue(after: 2, ReceiptDeadlines(byType: [:], fallback: 3 * 3600)).isEmpty)
            #expect(try store.overdueDocuments(deadlines, now: start.addingTimeInterval(6 * 3600), limit: 1).count == 1)
            // An error settles a document as much as a final status does: neither is overdue.
            _ = try store.apply([receipt(messages[2], .ceb312, "-999999")], acceptanceRank: 0, now: start.addingTimeInterval(5 * 3600))
            _ = try store.apply([receipt(messages[4], .ceb622, "800")], acceptanceRank: 0, now: start.addingTimeInterval(5 * 3600))
            let late = try overdue(after: 9.5)
            #expect(late == ["EBP:ORDER1", "COP:INV0"])
        }
    }
}
