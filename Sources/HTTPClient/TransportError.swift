public import Foundation

/// Why a request got no HTTP response.
public struct TransportError: Error, Sendable, Hashable, LocalizedError {
    public enum Kind: Sendable, Hashable {
        /// Could not connect: nothing was sent, safe to retry.
        case connection
        /// Timed out or reset after sending began: the outcome is unclear.
        case unclear
        /// TLS, URL or configuration problems: retrying will not help.
        case configuration
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var errorDescription: String? { message }
}
