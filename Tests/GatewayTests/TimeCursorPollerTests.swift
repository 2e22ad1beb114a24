import Foundation
import Gateway
import Outbox
import Simulator
import SwgateTestSupport
import Testing
import ThreadSupport

/// Receipts pulled by time cursor from the simulator's /receipts/by-time: applied once, the cursor
/// kept in the outbox, overlapping windows recognised as duplicates, a restarted poller going on
/// from the cursor.
@Suite("Receipts by time cursor")
struct TimeCursorPollerTests {
    @Test("the first poll applies what is due; the cursor is kept; the next window overlaps and only duplicates come back")
    func cursor() async throws {
        let harness = try await GatewayHarness.start()
        defer { harness.stop() }
        let settings = harness.settings { $0.receiptsURL = nil }
        let dispatcher = try Dispatcher(store: harness.store, settings: settings, signer: nil)
        #expect(try await dispatcher.sendEverythingDue() == 72)
        try await Task.sleep(for: .milliseconds(300))
        let url = harness.simulator.baseURL.absoluteString + "/receipts/by-time"
        @Sendable func poller() throws -> TimeCursorPoller {
            try TimeCursorPoller(
                url: url, dxpID: settings.senderID, intake: ReceiptIntake(store: harness.store), store: harness.store, http: settings.http)
        }
        let first = try await BlockingWork.run { try poller().poll() }
        #expect(first.applied > 0)
        let cursor = try #require(try harness.store.pollCursor("time:\(url)#\(settings.senderID)"))
        #expect(cursor.count == 14)
        // A restarted poller asks from the kept cursor: the receipts of that second again, as duplicates.
        let again = try await BlockingWork.run { try poller().poll() }
        #expect(again.applied == 0)
        #expect(again.duplicates > 0, "the window starts at the cursor's own second")
        #expect(try harness.store.status(now: Date()).documentsByStatus["120"] ?? 0 > 0 || first.applied >= 72)
    }
}
