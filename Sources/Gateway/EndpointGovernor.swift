public import Foundation
public import Outbox

/// The per-endpoint limits every dispatch loop of a worker must honour together: the rate limit
/// and the circuit breaker. Loops that share the endpoint share one governor, or a limit of N
/// sends a second would become N per loop. On a shared outbox (PostgreSQL) the rate limit is kept
/// in the database, so that it holds for all workers on all hosts together.
public final class EndpointGovernor: @unchecked Sendable {  // the pacing and breaker state are read and written under `lock`
    let rateLimit: Double?
    let endpoint: String
    /// Where send slots are reserved across workers (nil: this worker paces itself).
    let sharedSlots: SQLOutbox?
    let breakerThreshold: Int
    let breakerCooldown: TimeInterval
    private let lock = NSLock()
    private var consecutiveFailures = 0
    private var breakerOpenUntil = Date.distantPast
    private var lastSendAt = Date.distantPast

    public init(settings: DispatchSettings, store: SQLOutbox? = nil) {
        rateLimit = settings.rateLimit
        endpoint = settings.sendURL
        sharedSlots = store?.isShared == true ? store : nil
        breakerThreshold = settings.breakerThreshold
        breakerCooldown = settings.breakerCooldown
    }

    /// Whether the breaker is open: too many failures in a row, the endpoint gets a rest.
    public func isOpen(at now: Date) -> Bool {
        lock.withLock { breakerOpenUntil > now }
    }

    /// Waits as needed to honour the rate limit.
    public func pace() {
        guard let limit = rateLimit, limit > 0 else { return }
        // The database unreachable for a moment: pace locally rather than not at all.
        if let sharedSlots, let slot = try? sharedSlots.reserveSendSlot(endpoint: endpoint, interval: 1 / limit, now: Date()) {
            let wait = slot.timeIntervalSinceNow
            if wait > 0 { Thread.sleep(forTimeInterval: wait) }
            return
        }
        let wait: TimeInterval = lock.withLock {
            let earliest = lastSendAt.addingTimeInterval(1 / limit)
            let now = Date()
            lastSendAt = max(now, earliest)
            return earliest.timeIntervalSince(now)
        }
        if wait > 0 { Thread.sleep(forTimeInterval: wait) }
    }

    public func recordFailure() {
        lock.withLock {
            consecutiveFailures += 1
            if consecutiveFailures >= breakerThreshold {
                breakerOpenUntil = Date().addingTimeInterval(breakerCooldown)
                consecutiveFailures = 0
            }
        }
    }

    public func recordSuccess() {
        lock.withLock { consecutiveFailures = 0 }
    }
}
