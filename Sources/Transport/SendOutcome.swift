public import Foundation

/// How a send ended, as the dispatcher must treat it.
public enum SendOutcome: Sendable, Hashable {
    /// The single window took the message.
    case accepted(String?)
    /// It answered "already exists": an earlier transmission of this document got through.
    case duplicate(String)
    /// Resending will not help (4xx, a format or signature rejection, an unknown receiver).
    case permanent(String)
    /// Try again later (connection refused, 5xx, 429 — honouring Retry-After).
    case transient(String, retryAfter: TimeInterval?)
    /// Sent, but no clear answer (a timeout or reset mid-request): resend; customs' receipts decide.
    case unclear(String)

    public var label: String {
        switch self {
        case .accepted: "accepted"
        case .duplicate: "duplicate"
        case .permanent: "permanent"
        case .transient: "transient"
        case .unclear: "unclear"
        }
    }
}
