import AdminServer
import Foundation
import Gateway
import Outbox
import SwgateTestSupport
import Testing
import HTTPClient
import Transport

@Suite("Worker health")
struct WorkerHealthTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test(
        "healthy only when every part turns",
        arguments: [
            (5.0, 5.0, false, nil as String?, 100 as Int64?, true, true),
            (120.0, 5.0, false, nil, 100, true, false),  // dispatch stuck
            (5.0, 120.0, false, nil, 100, true, false),  // polling stuck
            (5.0, 5.0, true, nil, 100, true, false),  // breaker open
            (5.0, 5.0, false, "connection refused", 100, true, false),  // poll failing
            (5.0, 5.0, false, nil, 0, true, false),  // certificate expired
            (5.0, 5.0, false, nil, nil, false, false),  // outbox unreadable
        ]
    )
    func assess(dispatchAge: Double, pollAge: Double, breaker: Bool, pollError: String?, days: Int64?, readable: Bool, healthy: Bool) {
        let health = WorkerHealth.assess(
            lastDispatch: Self.now.addingTimeInterval(-dispatchAge), lastPoll: Self.now.addingTimeInterval(-pollAge), polling: true,
            pollError: pollError,
            breakerOpen: breaker, certificateDaysLeft: days, outboxReadable: readable, now: Self.now
        )
        #expect(health.healthy == healthy, "\(health.problems)")
        #expect(health.problems.isEmpty == healthy)
    }

    @Test("/healthz answers 503 with the reason when the dispatch loop has stopped turning, 200 while it turns")
    func endpoint() async throws {
        let folder = try Fixtures.temporaryDirectory("swgate-health")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let store = try SQLOutbox(directory: folder.appendingPathComponent("outbox"))
        let heartbeat = WorkerHeartbeat()
        let probe = AdminServer.WorkerProbe(heartbeat: heartbeat, polling: false, breakerOpen: { false }, certificateDaysLeft: 365)
        let admin = try await AdminServer.start(port: 0, token: nil, store: store, metrics: nil, worker: probe)
        defer { admin.stop() }
        let url = admin.baseURL.appendingPathComponent("healthz").absoluteString
        let client = try CurlClient(configuration: HTTPConfiguration())
        heartbeat.dispatched(at: Date().addingTimeInterval(-300))
        let stuck = try await client.get(url)
        #expect(stuck.status == 503)
        // 300 s and the moments the request took to be answered.
        let reason = String(decoding: stuck.body, as: UTF8.self)
        let seconds = reason.firstMatch(of: /has not finished a round for (\d+) s/).flatMap { Int($0.1) }
        #expect(seconds.map { (300..<330).contains($0) } == true, "\(reason)")
        heartbeat.dispatched()
        let fine = try await client.get(url)
        #expect(fine.status == 200)
        #expect(String(decoding: fine.body, as: UTF8.self).contains("signing certificate: 365 days left"))
    }
}
