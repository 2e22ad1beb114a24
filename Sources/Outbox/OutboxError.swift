public import Foundation

/// Why the outbox refused or failed an operation.
public struct OutboxError: Error, Sendable, Hashable, LocalizedError {
    public enum Kind: Sendable, Hashable {
        /// The disk, the database file or SQLite failed.
        case storage
        /// A uniqueness rule was hit (another process enqueued the same document first).
        case conflict
        /// The request is not allowed in the current state (retrying an acknowledged message…).
        case invalidState
        case notFound
        /// The outbox was written by a newer swgate.
        case incompatible
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var errorDescription: String? { message }
}
