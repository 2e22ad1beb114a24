public import Foundation

/// Why a document could not be read as XML.
public struct XMLParseError: Error, Sendable, Hashable, LocalizedError {
    public enum Reason: Sendable, Hashable {
        /// Larger than the configured limit; not parsed at all.
        case tooLarge(limit: Int)
        /// A document type declaration: refused because it is how external entities and entity
        /// expansion attacks are delivered, and no customs message has one.
        case doctypeNotAllowed
        /// Empty input.
        case empty
        /// libxml2 reported the document as not well-formed.
        case malformed
        /// Over one of the structural bounds of ``XMLParseLimits`` (attributes, namespaces,
        /// depth, text); not parsed at all.
        case overLimit
    }

    public var reason: Reason
    /// The line of the problem, when known.
    public var line: Int?
    public var message: String

    public init(reason: Reason, line: Int? = nil, message: String) {
        self.reason = reason
        self.line = line
        self.message = message
    }

    public var errorDescription: String? {
        if let line { return "line \(line): \(message)" }
        return message
    }
}
