public import Foundation

/// Exponential backoff with jitter and a cap: the wait before attempt `n + 1`.
public struct RetryPolicy: Sendable {
    public var base: TimeInterval
    public var cap: TimeInterval

    public init(base: TimeInterval, cap: TimeInterval) {
        self.base = base
        self.cap = cap
    }

    /// `attempts` sends so far; `retryAfter` from the server wins when longer.
    public func delay(afterAttempts attempts: Int, retryAfter: TimeInterval?, random: Double) -> TimeInterval {
        let exponential = min(cap, base * pow(2, Double(max(0, attempts - 1))))
        // Full jitter in [50 %, 100 %] keeps retry storms from synchronising.
        let jittered = exponential * (0.5 + 0.5 * min(max(random, 0), 1))
        return max(jittered, min(retryAfter ?? 0, cap))
    }
}
