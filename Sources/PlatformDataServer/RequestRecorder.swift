import Foundation
import Outbox

/// Records customs' requests in the outbox with group commit: requests that arrive while a
/// commit is under way are written together by the next one, so that answers keep pace with
/// customs however slow a single durable commit is. Each caller resumes once its own request
/// is committed.
final class RequestRecorder: @unchecked Sendable {  // `pending` and `draining` are read and written under `lock`
    typealias Arrival = SQLOutbox.PlatformRequestArrival
    typealias Waiter = CheckedContinuation<(id: Int64, isNew: Bool), any Error>

    private let store: SQLOutbox
    private let queue = DispatchQueue(label: "swgate.platform-data.record")
    private let lock = NSLock()
    private var pending: [(Arrival, Waiter)] = []
    private var draining = false

    init(store: SQLOutbox) { self.store = store }

    func record(_ arrival: Arrival) async throws -> (id: Int64, isNew: Bool) {
        try await withCheckedThrowingContinuation { (waiter: Waiter) in
            let start = lock.withLock { () -> Bool in
                pending.append((arrival, waiter))
                guard !draining else { return false }
                draining = true
                return true
            }
            if start { queue.async { self.drain() } }
        }
    }

    private func drain() {
        while true {
            let batch = lock.withLock { () -> [(Arrival, Waiter)] in
                let taken = pending
                pending = []
                if taken.isEmpty { draining = false }
                return taken
            }
            guard !batch.isEmpty else { return }
            do {
                let recorded = try store.recordPlatformRequests(batch.map(\.0), now: Date())
                for (entry, result) in zip(batch, recorded) { entry.1.resume(returning: result) }
            } catch {
                for entry in batch { entry.1.resume(throwing: error) }
            }
        }
    }
}
