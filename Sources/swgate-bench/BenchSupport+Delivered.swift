import Foundation
import Outbox

extension BenchSupport {
    /// Claims every message of `store` (no gate) and records it delivered, as a worker would have:
    /// receipts only apply to documents that were sent.
    static func markDelivered(_ store: SQLOutbox) throws {
        while true {
            let claimed = try store.claim(limit: 5000, worker: "bench", lease: 600, gate: DispatchGate(acceptanceRank: 0), now: Date())
            if claimed.isEmpty { return }
            let now = Date()
            _ = try store.finish(
                claimed.map {
                    SQLOutbox.Completion(
                        message: $0,
                        attempt: AttemptReport(
                            startedAt: now, finishedAt: now, endpoint: "bench", transmissionID: nil, httpStatus: 200, outcome: .accepted,
                            error: nil, sentSHA256: nil, appTime: nil),
                        event: .delivered, nextAttemptAt: nil
                    )
                }, now: now)
        }
    }
}
