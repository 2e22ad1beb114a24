import CEBMessages
import Foundation
@testable import Outbox
import SwgateTestSupport
import Testing

/// The shared outbox on a real PostgreSQL server: several stores — each its own connection, as
/// workers on several hosts would have — working on one queue at the same time.
@Suite(
    "Shared outbox (PostgreSQL)", .serialized, .enabled(if: PostgresTestServer.isAvailable, "needs Scripts/with-postgres.sh (make test)"))
struct SharedOutboxTests {
    static func report(_ outcome: AttemptOutcome = .accepted) -> AttemptReport {
        AttemptReport(
            startedAt: Date(), finishedAt: Date(), endpoint: "http://x", transmissionID: UUID().uuidString, httpStatus: 200,
            outcome: outcome, error: nil, sentSHA256: nil, appTime: nil)
    }

    /// Runs `body(index)` on `count` threads at once and waits for all.
    static func concurrently(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let group = DispatchGroup()
        for index in 0..<count {
            group.enter()
            Thread {
                body(index)
                group.leave()
            }.start()
        }
        group.wait()
    }

    @Test("three workers claiming at once: every message claimed exactly once, and the counts agree")
    func claimsNeverOverlap() throws {
        let url = try PostgresTestServer.freshDatabase("claims")
        let setup = try SQLOutbox(postgres: url)
        _ = try setup.submit(file: "b.json", messages: (0..<400).map { SQLOutboxTests.message($0) }, now: Date())
        let stores = try (0..<3).map { _ in try SQLOutbox(postgres: url) }
        let claims = LockedList<(worker: Int, id: Int64)>()
        let failures = LockedList<String>()
        Self.concurrently(3) { worker in
            do {
                while true {
                    let claimed = try stores[worker].claim(
                        limit: 7, worker: "w\(worker)", lease: 60, gate: DispatchGate(acceptanceRank: 0), now: Date())
                    if claimed.isEmpty { break }
                    for message in claimed { claims.append((worker, message.id)) }
                    let done = try stores[worker].finish(
                        claimed.map { SQLOutbox.Completion(message: $0, attempt: Self.report(), event: .delivered, nextAttemptAt: nil) },
                        now: Date()
                    )
                    if done.contains(false) { failures.append("worker \(worker) lost a lease it held") }
                }
            } catch {
                failures.append("worker \(worker): \(error)")
            }
        }
        #expect(failures.all.isEmpty, "\(failures.all)")
        let ids = claims.all.map(\.id)
        #expect(ids.count == 400)
        #expect(Set(ids).count == 400, "no message claimed twice")
        #expect(Set(claims.all.map(\.worker)).count == 3, "all three workers took part")
        let status = try setup.status(now: Date())
        #expect(status.messagesByState == ["sent": 400])
        #expect(try setup.check().isEmpty)
    }

    @Test(
        "a stopped worker's claims are taken over when the lease runs out; the takeover is an attempt; the first worker's late finish changes nothing"
    )
    func leaseTakeover() throws {
        let url = try PostgresTestServer.freshDatabase("lease")
        let first = try SQLOutbox(postgres: url)
        let second = try SQLOutbox(postgres: url)
        _ = try first.submit(file: "b.json", messages: (0..<5).map { SQLOutboxTests.message($0) }, now: Date())
        let start = Date()
        let held = try first.claim(limit: 10, worker: "a", lease: 30, gate: DispatchGate(acceptanceRank: 0), now: start)
        #expect(held.count == 5)
        #expect(
            try second.claim(limit: 10, worker: "b", lease: 30, gate: DispatchGate(acceptanceRank: 0), now: start).isEmpty,
            "nothing to claim while the lease holds")
        #expect(try second.recoverExpiredLeases(now: start.addingTimeInterval(10)) == 0)
        #expect(try second.recoverExpiredLeases(now: start.addingTimeInterval(31)) == 5)
        let taken = try second.claim(
            limit: 10, worker: "b", lease: 30, gate: DispatchGate(acceptanceRank: 0), now: start.addingTimeInterval(32))
        #expect(taken.count == 5)
        #expect(taken.allSatisfy { $0.attempts == 2 }, "the lost claim counts as an attempt")
        let late = try first.finish(
            held.map { SQLOutbox.Completion(message: $0, attempt: Self.report(), event: .delivered, nextAttemptAt: nil) }, now: Date())
        #expect(late == Array(repeating: false, count: 5), "the first worker no longer holds them")
        let done = try second.finish(
            taken.map { SQLOutbox.Completion(message: $0, attempt: Self.report(), event: .delivered, nextAttemptAt: nil) }, now: Date())
        #expect(done == Array(repeating: true, count: 5))
        let detail = try #require(try second.details("ORDER3").first)
        #expect(detail.attempts.map(\.outcome).contains("lease-expired"))
        #expect(detail.summary.state == .sent)
        #expect(try second.check().isEmpty)
    }

    @Test("the same receipts applied by three receivers at once: each applied exactly once")
    func receiptsOnce() throws {
        let url = try PostgresTestServer.freshDatabase("receipts")
        let setup = try SQLOutbox(postgres: url)
        let messages = (0..<60).map { SQLOutboxTests.message($0) }
        _ = try setup.submit(file: "b.json", messages: messages, now: Date())
        try setup.markTransmittedForTesting()
        let receipts = messages.map {
            IncomingReceipt(
                contentHash: "r-\($0.guid)", receiptType: .ceb312, status: "120", info: "", guid: $0.guid, lookupKeys: [], preNo: nil,
                invtNo: nil,
                source: "test", rawSHA256: "x", fieldsJSON: "{}"
            )
        }
        let stores = try (0..<3).map { _ in try SQLOutbox(postgres: url) }
        let applied = LockedList<Int>()
        let failures = LockedList<String>()
        Self.concurrently(3) { receiver in
            do {
                var order = receipts
                order.shuffle()
                // In small batches, so the receivers interleave.
                for start in stride(from: 0, to: order.count, by: 7) {
                    let results = try stores[receiver].apply(
                        Array(order[start..<min(start + 7, order.count)]), acceptanceRank: 0, now: Date())
                    for (result, _) in results { if case .applied = result { applied.append(receiver) } }
                }
            } catch {
                failures.append("receiver \(receiver): \(error)")
            }
        }
        #expect(failures.all.isEmpty, "\(failures.all)")
        #expect(applied.all.count == 60, "each receipt applied once in all")
        let status = try setup.status(now: Date())
        #expect(status.documentsByStatus == ["120": 60])
        #expect(status.messagesByState == ["acknowledged": 60])
        #expect(try setup.dueNotifications(limit: 1000, now: Date()).count == 60, "one notification per final status, not three")
        #expect(try setup.check().isEmpty)
    }

    @Test("the rate limit's send slots are shared: three workers never start two sends closer than the interval")
    func sharedSendSlots() throws {
        let url = try PostgresTestServer.freshDatabase("slots")
        let stores = try (0..<3).map { _ in try SQLOutbox(postgres: url) }
        let slots = LockedList<Date>()
        let now = Date()
        Self.concurrently(3) { worker in
            for _ in 0..<10 {
                if let slot = try? stores[worker].reserveSendSlot(endpoint: "http://customs/dxp", interval: 0.05, now: now) {
                    slots.append(slot)
                }
            }
        }
        let sorted = slots.all.sorted()
        #expect(sorted.count == 30)
        for (earlier, later) in zip(sorted, sorted.dropFirst()) {
            #expect(later.timeIntervalSince(earlier) >= 0.0499)
        }
        #expect(try #require(sorted.last).timeIntervalSince(now) >= 29 * 0.0499)
        // Another endpoint has slots of its own.
        #expect(
            try stores[0].reserveSendSlot(endpoint: "http://other/dxp", interval: 0.05, now: now).map {
                abs($0.timeIntervalSince(now)) < 0.001
            } == true)
        // The embedded outbox paces in the worker itself.
        let folder = try Fixtures.temporaryDirectory("swgate-slots")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        #expect(
            try SQLOutbox(directory: folder.appendingPathComponent("outbox")).reserveSendSlot(endpoint: "x", interval: 1, now: now) == nil)
    }

    @Test("migrate: an embedded outbox into PostgreSQL and back, every table the same; never into a non-empty outbox")
    func migrate() throws {
        let folder = try Fixtures.temporaryDirectory("swgate-migrate")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let embedded = try SQLOutbox(directory: folder.appendingPathComponent("outbox"))
        let messages = (0..<30).map { SQLOutboxTests.message($0) }
        _ = try embedded.submit(file: "b.json", messages: messages, now: Date())
        let claimed = try embedded.claim(limit: 20, worker: "w", lease: 60, gate: DispatchGate(acceptanceRank: 0), now: Date())
        var withBody = Self.report()
        withBody.sentBody = Data("signed bytes \u{0}\u{1}\u{FF}".utf8)
        withBody.sentSHA256 = SHA256.hex(withBody.sentBody ?? Data())
        _ = try embedded.finish(
            claimed.map { SQLOutbox.Completion(message: $0, attempt: withBody, event: .delivered, nextAttemptAt: nil) }, now: Date())
        _ = try embedded.apply(
            messages.prefix(10).map {
                var receipt = IncomingReceipt(
                    contentHash: "r-\($0.guid)", receiptType: .ceb312, status: "120", info: "[Code:1332;Desc:税款担保]", guid: $0.guid,
                    lookupKeys: ["CEB311|EBP:X"],
                    preNo: nil, invtNo: nil, source: "test", rawSHA256: SHA256.hex("raw-\($0.guid)"), fieldsJSON: "{\"k\": \"值\"}"
                )
                receipt.raw = Data("raw-\($0.guid)".utf8)
                return receipt
            },
            acceptanceRank: 0, now: Date()
        )
        let url = try PostgresTestServer.freshDatabase("migrate")
        let shared = try SQLOutbox(postgres: url)
        let digests = try embedded.copy(into: shared)
        #expect(digests == (try shared.digests()))
        #expect(digests.first { $0.table == "messages" }?.rows == 30)
        #expect(digests.first { $0.table == "raw_receipts" }?.rows == 10)
        #expect(try shared.status(now: Date()).messagesByState == (try embedded.status(now: Date())).messagesByState)
        #expect(try shared.status(now: Date()).documentsByStatus == (try embedded.status(now: Date())).documentsByStatus)
        #expect(try shared.check().isEmpty)
        // Replay copies embedded outboxes only, and says how to get one.
        let replay = #expect(throws: OutboxError.self) { try shared.replayCopy(into: folder.appendingPathComponent("replay")) }
        #expect(replay?.localizedDescription.contains("swgate outbox migrate") == true)
        // The copy goes on working: new rows get ids after the copied ones.
        _ = try shared.submit(file: "later.json", messages: [SQLOutboxTests.message(500)], now: Date())
        #expect(try shared.details("ORDER500").first?.audit.isEmpty == false)
        // Not into an outbox that holds anything.
        let refused = #expect(throws: OutboxError.self) { try embedded.copy(into: shared) }
        #expect(refused?.localizedDescription.contains("already holds") == true)
        #expect(try shared.status(now: Date()).messagesTotal == 31, "nothing written by the refused copy")
        // And back into a new embedded outbox.
        let back = try SQLOutbox(directory: folder.appendingPathComponent("back"))
        let again = try shared.copy(into: back)
        #expect(again == (try back.digests()))
        #expect(try back.check().isEmpty)
    }

    @Test("statements are translated once: placeholders outside quotes, INSERT OR IGNORE; passwords never shown")
    func translation() throws {
        #expect(PostgresConnection.redact("postgres://swgate:s3cret@db:5432/x") == "postgres://swgate:***@db:5432/x")
        #expect(PostgresConnection.redact("postgres://swgate@db/x") == "postgres://swgate@db/x")
        let url = try PostgresTestServer.freshDatabase("translate")
        let connection = try PostgresConnection(url: url)
        #expect(connection.translate("SELECT ? WHERE x = '?' AND y = ?") == "SELECT $1 WHERE x = '?' AND y = $2")
        #expect(connection.translate("INSERT OR IGNORE INTO t(a) VALUES (?)") == "INSERT INTO t(a) VALUES ($1) ON CONFLICT DO NOTHING")
        // Values of every kind go through typed and come back the same.
        let row = try connection.query(
            "SELECT ?::bigint, ?::text, ?::bytea, ?::text", [.integer(-42), .text("中文 'quoted'"), .blob(Data([0, 1, 0xFF])), .null]
        ).first
        #expect(row == [.integer(-42), .text("中文 'quoted'"), .blob(Data([0, 1, 0xFF])), .null])
    }
}

/// A list appended to from several threads.
final class LockedList<Element>: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Element] = []

    func append(_ item: Element) {
        lock.lock()
        items.append(item)
        lock.unlock()
    }

    var all: [Element] {
        lock.lock()
        defer { lock.unlock() }
        return items
    }
}
