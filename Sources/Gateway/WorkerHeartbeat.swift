public import Foundation

/// When the worker's loops last got through a round, for `/healthz`: a worker whose dispatch
/// loop or receipt poll has stopped turning is not healthy, however well its outbox reads.
public final class WorkerHeartbeat: @unchecked Sendable {  // every field is read and written under `lock`
    private let lock = NSLock()
    private var dispatch: Date?
    private var poll: Date?
    private var pollError: String?

    public init() {}

    public func dispatched(at now: Date = Date()) { lock.withLock { dispatch = now } }

    public func polled(at now: Date = Date(), error: String? = nil) {
        lock.withLock {
            poll = now
            pollError = error
        }
    }

    public var lastDispatch: Date? { lock.withLock { dispatch } }
    public var lastPoll: Date? { lock.withLock { poll } }
    public var lastPollError: String? { lock.withLock { pollError } }
}

/// What `/healthz` answers, decided from the worker's heartbeat and the outbox: 200 when every
/// part turns, 503 naming what does not.
public struct WorkerHealth: Sendable, Hashable {
    public var healthy: Bool
    public var problems: [String]

    public init(healthy: Bool, problems: [String]) {
        self.healthy = healthy
        self.problems = problems
    }

    /// - Parameters:
    ///   - stuckAfter: how long without a dispatch round (or a poll, when polling) counts as stuck.
    public static func assess(
        lastDispatch: Date?, lastPoll: Date?, polling: Bool, pollError: String?, breakerOpen: Bool, certificateDaysLeft: Int64?,
        outboxReadable: Bool,
        now: Date, stuckAfter: TimeInterval = 60
    ) -> WorkerHealth {
        var problems: [String] = []
        if !outboxReadable { problems.append("the outbox cannot be read") }
        if let lastDispatch {
            if now.timeIntervalSince(lastDispatch) > stuckAfter {
                problems.append("the dispatch loop has not finished a round for \(Int(now.timeIntervalSince(lastDispatch))) s")
            }
        } else {
            problems.append("the dispatch loop has not finished a round yet")
        }
        if polling {
            if let lastPoll {
                if now.timeIntervalSince(lastPoll) > stuckAfter {
                    problems.append("receipts have not been polled for \(Int(now.timeIntervalSince(lastPoll))) s")
                }
            }
            if let pollError { problems.append("the receipt poll fails: \(pollError)") }
        }
        if breakerOpen { problems.append("the circuit breaker is open: the endpoint keeps failing") }
        if let days = certificateDaysLeft, days <= 0 { problems.append("the signing certificate has expired") }
        return WorkerHealth(healthy: problems.isEmpty, problems: problems)
    }
}
