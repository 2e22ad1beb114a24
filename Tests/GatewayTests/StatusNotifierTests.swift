import Foundation
import Gateway
import Outbox
import Simulator
import SwgateTestSupport
import Testing
import HTTPClient
import Transport

@Suite("Telling the platform about final statuses")
struct StatusNotifierTests {
    static func lines(_ url: URL) throws -> [[String: Any]] {
        guard FileManager.default.fileExists(atPath: url.path) else { return [] }
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    @Test("every final status is written with it and delivered once the hook succeeds; failures are retried with backoff")
    func retried() async throws {
        let harness = try await GatewayHarness.start()
        defer { harness.stop() }
        #expect(try await harness.runUntilSettled(harness.settings()))
        #expect(try harness.store.notificationCounts().waiting == 96, "72 documents final at 120, 24 inventories at 800")

        let flag = harness.folder.appendingPathComponent("platform-down")
        let received = harness.folder.appendingPathComponent("received.jsonl")
        try Data().write(to: flag)
        let notifier = StatusNotifier(
            store: harness.store, shellCommand: "test ! -e '\(flag.path)' && cat >> '\(received.path)'", timeout: 5,
            policy: RetryPolicy(base: 60, cap: 600))
        let down = try notifier.deliverDue(limit: 1000)
        #expect(down.failed == 96 && down.delivered == 0)
        #expect(try notifier.deliverDue(limit: 1000) == (0, 0), "nothing is due again before the backoff ends")

        try FileManager.default.removeItem(at: flag)
        let up = try notifier.deliverDue(limit: 1000, now: Date().addingTimeInterval(3600))
        #expect(up.delivered == 96 && up.failed == 0)
        #expect(try notifier.deliverDue(limit: 1000, now: Date().addingTimeInterval(7200)) == (0, 0))
        let bodies = try Self.lines(received)
        #expect(bodies.count == 96)
        #expect(bodies.filter { $0["customsStatus"] as? String == "800" }.count == 24)
        #expect(bodies.allSatisfy { ($0["orderNo"] as? String)?.isEmpty == false && $0["documentId"] is Int })
        let stamps = bodies.compactMap { $0["at"] as? String }
        #expect(stamps.count == 96 && stamps.allSatisfy { ISO8601DateFormatter().date(from: $0) != nil }, "\(stamps.prefix(2))")
        #expect(try harness.store.notificationCounts() == (0, 96))
    }

    @Test("a webhook gets the JSON by POST; a refused or unreachable webhook is retried later")
    func webhook() async throws {
        let harness = try await GatewayHarness.start()
        defer { harness.stop() }
        #expect(try await harness.runUntilSettled(harness.settings()))
        let server = try OneRequestServer()
        var http = HTTPConfiguration()
        http.bearerToken = "hook-secret"
        let url = "http://127.0.0.1:\(server.port)/swgate-status"
        let notifier = try StatusNotifier(store: harness.store, webhook: url, http: http, policy: RetryPolicy(base: 60, cap: 600))
        #expect(try notifier.deliverDue(limit: 1) == (1, 0))
        let request = server.request()
        #expect(request.hasPrefix("POST /swgate-status"))
        #expect(request.lowercased().contains("authorization: bearer hook-secret"))
        #expect(request.lowercased().contains("content-type: application/json"))
        let body = try #require(request.range(of: "\r\n\r\n").map { String(request[$0.upperBound...]) })
        let object = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        #expect(object["customsStatus"] is String && object["documentId"] is Int)
        // The one-shot server is gone: the next is refused by the connection and waits for its backoff.
        #expect(try notifier.deliverDue(limit: 1) == (0, 1))
        #expect(try harness.store.notificationCounts() == (95, 1))
    }

    @Test("swgate run --on-status delivers every final status of the bonded example before it exits")
    func runHook() async throws {
        let harness = try await GatewayHarness.start()
        defer { harness.stop() }
        let received = harness.folder.appendingPathComponent("hook.jsonl")
        let result = try await SwgateProcess.runAgainstListener([
            "run", "--endpoint", harness.simulator.baseURL.absoluteString, "--config",
            Fixtures.checkout.appendingPathComponent("examples/swgate.json").path,
            "--outbox", harness.folder.appendingPathComponent("outbox").path, "--until-settled", "--max-wait", "60",
            "--on-status", "cat >> '\(received.path)'",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let bodies = try Self.lines(received)
        #expect(bodies.count == 96)
        #expect(Set(bodies.compactMap { $0["documentId"] as? Int }).count == 96, "one notification per document")
    }
}
