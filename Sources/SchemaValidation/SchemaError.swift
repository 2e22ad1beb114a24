public import Foundation

/// A problem with the schemas themselves (not with a document being validated).
public struct SchemaError: Error, Sendable, Hashable, LocalizedError {
    public enum Kind: Sendable, Hashable {
        case notFound
        case invalidSchema
    }

    public var kind: Kind
    public var message: String

    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    public var errorDescription: String? { message }
}
