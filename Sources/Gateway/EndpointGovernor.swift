public import Foundation

/// The per-endpoint limits every dispatch loop of a worker must honour together: the rate limit
/// and the circuit breaker. Loops that share the endpoint share one governor, or a limit of N
/// sends a second would become N per loop.
public final class EndpointGovernor: @unchecked Sendable {
    let rateLimit: Double?
    let breakerThreshold: Int
    let breakerCooldown: TimeInterval
    private let lock = NSLock()
    private var consecutiveFailures = 0
    private var breakerOpenUntil = Date.distantPast
    private var lastSendAt = Date.distantPast

    public init(settings: DispatchSettings) {
        rateLimit = settings.rateLimit
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
