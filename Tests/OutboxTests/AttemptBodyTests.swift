import CEBMessages
import Foundation
@testable import Outbox
import SwgateTestSupport
import Synchronization
import Testing

/// The exact bytes each attempt sent are kept under the attempt (not among the content-addressed
/// payloads), come back with it, go when it is pruned, and are checked against the hash recorded.
@Suite("Attempt bodies (SQLite and PostgreSQL)")
struct AttemptBodyTests {
    static func report(_ body: Data?, outcome: AttemptOutcome = .accepted, at moment: Date = Date()) -> AttemptReport {
        var report = AttemptReport(
            startedAt: moment, finishedAt: moment, endpoint: "http://x", transmissionID: UUID().uuidString, httpStatus: 200,
            outcome: outcome, error: nil, sentSHA256: body.map { SHA256.hex($0) }, appTime: nil)
        report.sentBody = body
        return report
    }

    static func body(_ label: String) -> Data { Data("<sent \(label)>\u{0}\u{1}\u{FF}".utf8) }

    static func count(_ table: String, in store: SQLOutbox) throws -> Int64 {
        try store.connection.query("SELECT COUNT(*) FROM \(table)", []).first?.first?.int ?? -1
    }

    @Test(
        "each attempt's bytes come back with it, a retry's apart from the first; payloads hold only messages",
        arguments: OutboxEngine.available)
    func roundTrip(engine: OutboxEngine) throws {
        try SQLOutboxTests().withOutbox(engine) { store, _ in
            let messages = (0..<3).map { SQLOutboxTests.message($0) }
            _ = try store.submit(file: "b.json", messages: messages, now: Date())
            let claimed = try store.claim(limit: 3, worker: "w", lease: 60, gate: DispatchGate(acceptanceRank: 0), now: Date())
            #expect(claimed.count == 3)
            let completions = claimed.enumerated().map { index, message in
                index == 2
                    ? SQLOutbox.Completion(
                        message: message, attempt: Self.report(nil, outcome: .transient), event: .transientFailure,
                        nextAttemptAt: Date())
                    : SQLOutbox.Completion(
                        message: message, attempt: Self.report(Self.body("\(message.id) first"), outcome: .transient),
                        event: .transientFailure, nextAttemptAt: Date())
            }
            #expect(try store.finish(completions, now: Date()) == [true, true, true])
            let again = try store.claim(limit: 3, worker: "w", lease: 60, gate: DispatchGate(acceptanceRank: 0), now: Date())
            #expect(again.count == 3)
            _ = try store.finish(
                again.map {
                    SQLOutbox.Completion(
                        message: $0, attempt: Self.report(Self.body("\($0.id) second")), event: .delivered, nextAttemptAt: nil)
                },
                now: Date())
            for message in claimed.prefix(2) {
                let attempts = try #require(try store.details(String(message.id)).first?.attempts)
                #expect(attempts.map(\.sent) == [Self.body("\(message.id) first"), Self.body("\(message.id) second")])
            }
            let third = try #require(try store.details(String(claimed[2].id)).first?.attempts)
            #expect(third.map(\.sent) == [nil, Self.body("\(claimed[2].id) second")])
            #expect(try Self.count("attempt_bodies", in: store) == 5)
            #expect(try Self.count("payloads", in: store) == 3, "sent bytes are not kept among the content-addressed payloads")
            #expect(try store.check().isEmpty)
        }
    }

    /// An unsigned message goes out as its payload with the send's `appTime` in it: those bytes
    /// are rebuilt from the payload and the attempt's stamp, not kept twice; any other bytes (a
    /// signed message's) are kept.
    @Test("bytes that are the payload with the attempt's appTime are rebuilt, not kept; others are kept", arguments: OutboxEngine.available)
    func rebuiltFromPayload(engine: OutboxEngine) throws {
        try SQLOutboxTests().withOutbox(engine) { store, _ in
            let messages = (0..<3).map { index in
                var message = SQLOutboxTests.message(index)
                message.xml = Data("<ceb:CEB311Message><ceb:appTime>20260101000000</ceb:appTime><n>\(index)</n></ceb:CEB311Message>".utf8)
                return message
            }
            _ = try store.submit(file: "b.json", messages: messages, now: Date())
            let claimed = try store.claim(limit: 3, worker: "w", lease: 60, gate: DispatchGate(acceptanceRank: 0), now: Date())
            let stamp = "20261207183000"
            var sent: [Int64: Data] = [:]
            let completions = claimed.enumerated().map { index, message in
                var body = AppTimeValues.apply(stamp, to: message.payload)
                // The second is signed on its way; the third was stamped with another time than it says.
                if index == 1 { body.append(Data("<ds:Signature/>".utf8)) }
                var report = Self.report(body)
                report.appTime = index == 2 ? "20261207183001" : stamp
                sent[message.id] = body
                return SQLOutbox.Completion(message: message, attempt: report, event: .delivered, nextAttemptAt: nil)
            }
            _ = try store.finish(completions, now: Date())
            #expect(try Self.count("attempt_bodies", in: store) == 2, "the stamped payload is not kept a second time")
            for message in claimed {
                let attempts = try #require(try store.details(String(message.id)).first?.attempts)
                #expect(attempts.map(\.sent) == [sent[message.id]])
            }
            #expect(try store.check().isEmpty)
            // A changed stamp no longer rebuilds what the attempt says it sent: the check names it.
            let rebuilt = try #require(claimed.first?.id)
            _ = try store.connection.run("UPDATE attempts SET app_time = '20261207183002' WHERE message_id = ?", [.integer(rebuilt)])
            #expect(try store.details(String(rebuilt)).first?.attempts.map(\.sent) == [nil])
            #expect(
                try store.check().contains { $0.contains("(its message's payload with its appTime) do not match the hash it recorded") })
        }
    }

    @Test("prune takes an attempt's bytes with it", arguments: OutboxEngine.available)
    func prune(engine: OutboxEngine) throws {
        try SQLOutboxTests().withOutbox(engine) { store, _ in
            let old = Date().addingTimeInterval(-100 * 86_400)
            _ = try store.submit(file: "b.json", messages: (0..<4).map { SQLOutboxTests.message($0) }, now: old)
            let claimed = try store.claim(limit: 4, worker: "w", lease: 60, gate: DispatchGate(acceptanceRank: 0), now: old)
            _ = try store.finish(
                claimed.map {
                    SQLOutbox.Completion(
                        message: $0, attempt: Self.report(Self.body("\($0.id)"), outcome: .transient, at: old),
                        event: .transientFailure,
                        nextAttemptAt: old)
                }, now: old)
            _ = try store.cancel(messageIDs: claimed.prefix(2).map(\.id), now: old)
            #expect(try store.prune(before: Date().addingTimeInterval(-90 * 86_400)) == 2)
            #expect(try Self.count("attempt_bodies", in: store) == 2)
            let kept = try store.connection.query(
                "SELECT a.message_id FROM attempt_bodies b JOIN attempts a ON a.id = b.attempt_id ORDER BY a.message_id", []
            ).compactMap { $0.first?.int }
            #expect(kept == claimed.suffix(2).map(\.id))
            #expect(try store.check().isEmpty)
        }
    }

    @Test("the check names an attempt whose kept bytes no longer match the hash it recorded", arguments: OutboxEngine.available)
    func tampered(engine: OutboxEngine) throws {
        try SQLOutboxTests().withOutbox(engine) { store, _ in
            _ = try store.submit(file: "b.json", messages: [SQLOutboxTests.message(0)], now: Date())
            let claimed = try store.claim(limit: 1, worker: "w", lease: 60, gate: DispatchGate(acceptanceRank: 0), now: Date())
            let message = try #require(claimed.first)
            _ = try store.finish(message, attempt: Self.report(Self.body("x")), event: .delivered, nextAttemptAt: nil, now: Date())
            #expect(try store.check().isEmpty)
            _ = try store.connection.run("UPDATE attempt_bodies SET body = ?", [.blob(Data("changed".utf8))])
            #expect(try store.check().contains { $0.contains("sent do not match the hash it recorded") })
        }
    }

    @Test("the check reads bodies a page at a time and still reaches the last of more than a page", arguments: OutboxEngine.available)
    func tamperedPastAPage(engine: OutboxEngine) throws {
        try SQLOutboxTests().withOutbox(engine) { store, _ in
            _ = try store.submit(file: "b.json", messages: (0..<1_100).map { SQLOutboxTests.message($0) }, now: Date())
            let claimed = try store.claim(limit: 1_100, worker: "w", lease: 60, gate: DispatchGate(acceptanceRank: 0), now: Date())
            #expect(claimed.count == 1_100)
            _ = try store.finish(
                claimed.map {
                    SQLOutbox.Completion(message: $0, attempt: Self.report(Self.body("\($0.id)")), event: .delivered, nextAttemptAt: nil)
                }, now: Date())
            #expect(try store.check().isEmpty)
            let last = try #require(try store.connection.query("SELECT MAX(attempt_id) FROM attempt_bodies", []).first?.first?.int)
            _ = try store.connection.run(
                "UPDATE attempt_bodies SET body = ? WHERE attempt_id = ?", [.blob(Data("changed".utf8)), .integer(last)])
            _ = try store.connection.run(
                "UPDATE payloads SET body = ? WHERE sha256 = (SELECT MAX(sha256) FROM payloads)", [.blob(Data("changed".utf8))])
            let problems = try store.check()
            #expect(problems.contains("the bytes attempt \(last) sent do not match the hash it recorded"))
            #expect(problems.contains { $0.hasPrefix("payload ") && $0.contains("does not match its hash") })
        }
    }

    /// Attempts recorded before the outbox kept bytes by attempt have them among the payloads,
    /// by `sent_sha256`: they still come back.
    @Test("an attempt whose bytes were kept among the payloads (an older outbox) still shows them", arguments: OutboxEngine.available)
    func olderOutbox(engine: OutboxEngine) throws {
        try SQLOutboxTests().withOutbox(engine) { store, _ in
            _ = try store.submit(file: "b.json", messages: [SQLOutboxTests.message(0)], now: Date())
            let message = try #require(
                try store.claim(limit: 1, worker: "w", lease: 60, gate: DispatchGate(acceptanceRank: 0), now: Date()).first)
            _ = try store.finish(message, attempt: Self.report(Self.body("old")), event: .delivered, nextAttemptAt: nil, now: Date())
            _ = try store.connection.run(
                "INSERT INTO payloads (sha256, body) SELECT a.sent_sha256, b.body FROM attempt_bodies b JOIN attempts a ON a.id = b.attempt_id",
                [])
            _ = try store.connection.run("DELETE FROM attempt_bodies", [])
            #expect(try store.details(String(message.id)).first?.attempts.map(\.sent) == [Self.body("old")])
        }
    }
}

/// Workers on one shared outbox record their rounds at the same moment: each attempt gets an id
/// of its own and its own bytes under it.
@Suite(
    "Attempt bodies on a shared outbox (PostgreSQL)", .serialized,
    .enabled(if: PostgresTestServer.isAvailable, "needs Scripts/with-postgres.sh (make test)"))
struct SharedAttemptBodyTests {
    @Test("four workers finishing at once: every attempt keeps its own bytes")
    func concurrentRounds() throws {
        let url = try PostgresTestServer.freshDatabase("attemptbodies")
        let store = try SQLOutbox(postgres: url)
        _ = try store.submit(file: "b.json", messages: (0..<200).map { SQLOutboxTests.message($0) }, now: Date())
        let failures = Atomic<Int>(0)
        SharedOutboxTests.concurrently(4) { worker in
            do {
                let mine = try SQLOutbox(postgres: url)
                while case let claimed = try mine.claim(
                    limit: 10, worker: "w\(worker)", lease: 60, gate: DispatchGate(acceptanceRank: 0), now: Date()), !claimed.isEmpty
                {
                    _ = try mine.finish(
                        claimed.map {
                            SQLOutbox.Completion(
                                message: $0, attempt: AttemptBodyTests.report(AttemptBodyTests.body("\($0.id) by \(worker)")),
                                event: .delivered, nextAttemptAt: nil)
                        }, now: Date())
                }
            } catch {
                failures.add(1, ordering: .relaxed)
            }
        }
        #expect(failures.load(ordering: .relaxed) == 0)
        #expect(try AttemptBodyTests.count("attempts", in: store) == 200)
        #expect(try AttemptBodyTests.count("attempt_bodies", in: store) == 200)
        let rows = try store.connection.query(
            "SELECT a.message_id, b.body FROM attempts a JOIN attempt_bodies b ON b.attempt_id = a.id", [])
        for row in rows {
            let body = String(decoding: row[1].data ?? Data(), as: UTF8.self)
            #expect(body.hasPrefix("<sent \(row[0].int ?? -1) by "))
        }
        #expect(try store.check().isEmpty)
    }
}
