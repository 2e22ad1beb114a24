public import Foundation

/// Why a signature could not be made, classified for the dispatcher: a transient failure (an
/// external signer timed out, a signing server answered 503) is retried; a permanent one (a
/// wrong key, an expired certificate) needs an operator.
public struct SigningError: Error, Sendable, Hashable, LocalizedError {
    public enum Kind: Sendable, Hashable {
        case transient
        case permanent
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var errorDescription: String? { message }
}
