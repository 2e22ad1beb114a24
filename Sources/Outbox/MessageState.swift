/// Where a message is in its life. Final states are marked; everything else will move on by
/// itself (a worker sends it, a receipt arrives, a retry comes due) except `dead`, which waits
/// for an operator.
public enum MessageState: String, Sendable, Hashable, CaseIterable, Codable {
    /// Accepted into the outbox, waiting for its first send.
    case queued
    /// Claimed by a worker, whose lease says until when.
    case sending
    /// Delivered to the single window; waiting for customs' receipts.
    case sent
    /// Customs accepted it (receipt 2/120 or better, as configured).
    case acknowledged
    /// Customs said no (receipt 100 or a negative code): never retried blindly.
    case rejected
    /// A transient failure; sent again at `nextAttemptAt`.
    case retryWait = "retry-wait"
    /// Attempts or age exhausted, or a permanent failure: an operator must look.
    case dead
    /// Withdrawn by an operator before it was delivered.
    case cancelled

    /// States from which nothing happens without an operator or a receipt.
    public var isFinal: Bool {
        switch self {
        case .acknowledged, .rejected, .cancelled: true
        case .queued, .sending, .sent, .retryWait, .dead: false
        }
    }

    /// States a worker picks up (when due).
    public var isDispatchable: Bool {
        switch self {
        case .queued, .retryWait: true
        case .sending, .sent, .acknowledged, .rejected, .dead, .cancelled: false
        }
    }
}

/// Something that happens to a message.
public enum MessageEvent: Sendable, Hashable {
    /// A worker takes it to send (counts as an attempt).
    case claim
    /// The single window took the transmission.
    case delivered
    /// A transient failure; retry later.
    case transientFailure
    /// A permanent failure (4xx, format rejection, unusable signature).
    case permanentFailure
    /// Attempts or age are used up.
    case exhausted
    /// A worker's lease ran out (it crashed or hung): back to the queue, counted as an attempt.
    case leaseExpired
    /// A worker stopped before sending: back to the queue, not counted.
    case released
    /// Customs accepted the documents it carries.
    case accepted
    /// Customs rejected a document it carries.
    case rejected
    /// An operator asks for another try.
    case operatorRetry
    /// An operator withdraws it.
    case operatorCancel
}

/// The message lifecycle as a pure function: given a state and an event, the next state, or
/// `nil` when the event is not allowed there (the caller reports it; nothing changes).
public enum MessageLifecycle {
    public static func next(_ state: MessageState, on event: MessageEvent) -> MessageState? {
        switch (state, event) {
        case (.queued, .claim), (.retryWait, .claim): .sending
        case (.sending, .delivered): .sent
        case (.sending, .transientFailure): .retryWait
        case (.sending, .permanentFailure), (.sending, .exhausted), (.retryWait, .exhausted), (.queued, .exhausted): .dead
        case (.sending, .leaseExpired): .retryWait
        case (.sending, .released): .queued
        // Receipts are authoritative whatever the local state: a receipt may overtake the reply.
        case (.queued, .accepted), (.sending, .accepted), (.sent, .accepted), (.retryWait, .accepted), (.dead, .accepted): .acknowledged
        case (.queued, .rejected), (.sending, .rejected), (.sent, .rejected), (.retryWait, .rejected), (.dead, .rejected),
            (.acknowledged, .rejected):
            .rejected
        case (.acknowledged, .accepted): .acknowledged
        case (.dead, .operatorRetry), (.retryWait, .operatorRetry): .queued
        case (.queued, .operatorCancel), (.retryWait, .operatorCancel), (.dead, .operatorCancel): .cancelled
        default: nil
        }
    }
}

extension MessageLifecycle {
    /// The one state `event` moves each of `states` to, or nil when it is not allowed from one of
    /// them or leads to different places: what a set-wise SQL update (a claim of many messages)
    /// writes, taken from the table rather than spelled again in SQL.
    public static func commonTarget(of event: MessageEvent, from states: [MessageState]) -> MessageState? {
        let targets = Set(states.map { next($0, on: event) })
        guard targets.count == 1, let target = targets.first else { return nil }
        return target
    }
}
