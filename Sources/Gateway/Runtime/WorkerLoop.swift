public import Foundation
import Outbox
import ThreadSupport

/// How long ``Worker/run(_:stop:)`` goes on.
public struct RunLimits: Sendable {
    /// End when every document is settled (final, or its message dead), rather than run until stopped.
    public var untilSettled: Bool
    /// With `untilSettled`, the longest wait before giving up.
    public var maxWait: TimeInterval
    /// The pause after a round in which nothing happened.
    public var idle: TimeInterval
    /// The least time between two settled checks (0: after every round). While anything waits,
    /// the check reads one entry of the waiting documents' index; when nothing does, it counts
    /// every open document once to be sure.
    public var settledCheckInterval: TimeInterval

    public init(untilSettled: Bool, maxWait: TimeInterval = .infinity, idle: TimeInterval = 0.2, settledCheckInterval: TimeInterval = 0) {
        self.untilSettled = untilSettled
        self.maxWait = maxWait
        self.idle = idle
        self.settledCheckInterval = settledCheckInterval
    }
}

/// How a run ended.
public enum RunEnd: Sendable, Equatable {
    /// Every document is settled; `deadMessages` of them because their message is dead.
    case settled(deadMessages: Int)
    /// `maxWait` passed with documents still open.
    case timedOut(unsettled: Int)
    /// The stop flag was set (SIGINT, SIGTERM, or the caller).
    case stopped

    public var isSettled: Bool {
        switch self {
        case .settled: true
        case .timedOut, .stopped: false
        }
    }
}

extension Worker {
    /// Runs rounds on the calling thread (it blocks: libcurl and the database) until `stop` is set,
    /// or, with `untilSettled`, until every document is settled or `maxWait` has passed.
    public func run(_ limits: RunLimits, stop: LockedFlag) throws -> RunEnd {
        let deadline = Date().addingTimeInterval(limits.maxWait)
        var lastCheck = Date.distantPast
        while !stop.isSet {
            let progress = try round()
            if limits.untilSettled, Date().timeIntervalSince(lastCheck) >= limits.settledCheckInterval {
                lastCheck = Date()
                if try !store.hasUnsettledDocuments() {
                    return .settled(deadMessages: try store.status(now: Date()).messagesByState[MessageState.dead.rawValue] ?? 0)
                }
                if Date() > deadline { return .timedOut(unsettled: try store.unsettledDocuments()) }
            }
            if !progress { Thread.sleep(forTimeInterval: limits.idle) }
        }
        return .stopped
    }
}

extension Worker {
    /// ``run(_:stop:)`` on a thread of its own: the worker blocks (libcurl, the database), so it
    /// never takes a thread of the cooperative pool that serves the listeners.
    public func runOnOwnThread(_ limits: RunLimits, stop: LockedFlag) async throws -> RunEnd {
        try await BlockingWork.run("swgate-worker") { try self.run(limits, stop: stop) }
    }
}
