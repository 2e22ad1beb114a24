public import Foundation
import ThreadSupport

/// Polls for receipts on a thread of its own, so that taking in customs' answers never waits for a
/// round of sends (nor sends for a poll): inventories become due as soon as the acceptance of
/// their order, payment and waybill is applied. The store serialises the two writers.
public final class ReceiptPollingThread: @unchecked Sendable {  // its state is read and written under `condition`
    /// One poll: a request to customs' endpoint, a pass over the receive folder, a cursor query.
    let poll: @Sendable () throws -> ReceiptIntake.Counts
    let name: String
    let idle: TimeInterval
    let onFailure: @Sendable (_ error: (any Error)?) -> Void
    private let condition = NSCondition()
    private var stopping = false
    private var finished = false
    private var receivedTotal = 0

    /// `onFailure` is called with the error when polling starts failing, and with nil when it works again.
    /// Beaten after every poll, for `/healthz`.
    public let heartbeat: WorkerHeartbeat?

    public convenience init(
        poller: ReceiptPoller, idle: TimeInterval = 0.02, heartbeat: WorkerHeartbeat? = nil,
        onFailure: @escaping @Sendable ((any Error)?) -> Void = { _ in }
    ) {
        self.init(name: "swgate-poll", idle: idle, heartbeat: heartbeat, onFailure: onFailure) { try poller.poll() }
    }

    /// Takes in receipts with `poll` (whatever brings them) until stopped.
    public init(
        name: String, idle: TimeInterval = 0.02, heartbeat: WorkerHeartbeat? = nil,
        onFailure: @escaping @Sendable ((any Error)?) -> Void = { _ in }, poll: @escaping @Sendable () throws -> ReceiptIntake.Counts
    ) {
        self.poll = poll
        self.name = name
        self.heartbeat = heartbeat
        self.idle = idle
        self.onFailure = onFailure
    }

    public func start() {
        NamedThread.start(name) { [self] in
            var failing = false
            while !isStopping {
                var received = 0
                do {
                    let counts = try poll()
                    received = counts.applied + counts.duplicates + counts.unmatched
                    if failing { onFailure(nil) }
                    failing = false
                    heartbeat?.polled()
                } catch {
                    if !failing { onFailure(error) }
                    failing = true
                    heartbeat?.polled(error: error.localizedDescription)
                }
                condition.lock()
                receivedTotal += received
                condition.unlock()
                if received == 0 { Thread.sleep(forTimeInterval: failing ? max(idle, 1) : idle) }
            }
            condition.lock()
            finished = true
            condition.broadcast()
            condition.unlock()
        }
    }

    /// Receipts taken in so far (applied, duplicate or unmatched).
    public var received: Int {
        condition.lock()
        defer { condition.unlock() }
        return receivedTotal
    }

    private var isStopping: Bool {
        condition.lock()
        defer { condition.unlock() }
        return stopping
    }

    /// Stops after the poll in progress and waits for it.
    public func stop() {
        condition.lock()
        stopping = true
        while !finished { condition.wait() }
        condition.unlock()
    }
}
