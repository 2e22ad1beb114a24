public import Foundation
public import Outbox
public import Transport

/// What one send attempt means for its message, decided as a value with no socket or database in
/// sight: the outcome recorded with the attempt, the lifecycle event, the reason, and when to try
/// again. ``Dispatcher`` performs it.
///
/// The rules: taken (or "already there") is delivered; a permanent failure is dead at once; a
/// transient or unclear one is retried with capped, jittered backoff (a server's Retry-After wins
/// when longer) until the attempts or the message's age run out, then it is exhausted.
public struct SendDecision: Sendable, Hashable {
    /// What the attempt row records; an unclear send is recorded as `transient` (it is retried).
    public var outcome: AttemptOutcome
    public var event: MessageEvent
    public var reason: String?
    public var nextAttemptAt: Date?

    /// What a finished transmission means.
    public static func after(
        _ outcome: SendOutcome, attempts: Int, createdAt: Date, maxAttempts: Int, maxAge: TimeInterval, policy: RetryPolicy, now: Date,
        random: Double
    ) -> SendDecision {
        switch outcome {
        case .accepted:
            return SendDecision(outcome: .accepted, event: .delivered, reason: nil, nextAttemptAt: nil)
        case .duplicate(let info):
            return SendDecision(outcome: .duplicate, event: .delivered, reason: "already there: \(info)", nextAttemptAt: nil)
        case .permanent(let reason):
            return SendDecision(outcome: .permanent, event: .permanentFailure, reason: reason, nextAttemptAt: nil)
        case .transient(let reason, let retryAfter):
            return retry(
                reason, retryAfter: retryAfter, attempts: attempts, createdAt: createdAt, maxAttempts: maxAttempts, maxAge: maxAge,
                policy: policy, now: now, random: random)
        case .unclear(let reason):
            return retry(
                reason, retryAfter: nil, attempts: attempts, createdAt: createdAt, maxAttempts: maxAttempts, maxAge: maxAge, policy: policy,
                now: now, random: random)
        }
    }

    /// A failure before anything was sent (signing): permanent, or transient with backoff.
    public static func beforeSending(_ reason: String, transient: Bool, attempts: Int, policy: RetryPolicy, now: Date, random: Double)
        -> SendDecision
    {
        guard transient else { return SendDecision(outcome: .permanent, event: .permanentFailure, reason: reason, nextAttemptAt: nil) }
        let delay = policy.delay(afterAttempts: attempts, retryAfter: nil, random: random)
        return SendDecision(outcome: .transient, event: .transientFailure, reason: reason, nextAttemptAt: now.addingTimeInterval(delay))
    }

    static func retry(
        _ reason: String, retryAfter: TimeInterval?, attempts: Int, createdAt: Date, maxAttempts: Int, maxAge: TimeInterval,
        policy: RetryPolicy, now: Date,
        random: Double
    ) -> SendDecision {
        if attempts >= maxAttempts {
            return SendDecision(
                outcome: .exhausted, event: .exhausted, reason: "gave up after \(attempts) attempts; last: \(reason)", nextAttemptAt: nil)
        }
        if now.timeIntervalSince(createdAt) > maxAge {
            return SendDecision(
                outcome: .exhausted, event: .exhausted, reason: "gave up: older than \(Int(maxAge)) s; last: \(reason)", nextAttemptAt: nil)
        }
        let delay = policy.delay(afterAttempts: attempts, retryAfter: retryAfter, random: random)
        return SendDecision(outcome: .transient, event: .transientFailure, reason: reason, nextAttemptAt: now.addingTimeInterval(delay))
    }
}
