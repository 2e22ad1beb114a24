/// How one send attempt ended, as the attempt row records it (the raw value is what the outbox
/// stores and `show` prints).
public enum AttemptOutcome: String, Sendable, Hashable, CaseIterable, Codable {
    /// The single window took the message.
    case accepted
    /// It answered "already exists": an earlier transmission got through.
    case duplicate
    /// Resending will not help.
    case permanent
    /// Try again later.
    case transient
    /// Sent, with no clear answer: resent; customs' receipts decide.
    case unclear
    /// Attempts or age used up: the message is dead.
    case exhausted
    /// The worker's lease ran out before it recorded an outcome (it crashed or hung).
    case leaseExpired = "lease-expired"
    /// Given back unsent when a worker stopped: not counted as an attempt.
    case released
}
