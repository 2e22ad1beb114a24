import Foundation
import XMLSupport

/// The safe parser, for reply bodies.
enum XMLSupportBridge {
    static let limits = XMLParseLimits(maxBytes: 4 * 1024 * 1024)

    /// Parses `data` and lends its root element to `body`, as a view into the parsed document.
    static func withRootElement<T>(_ data: Data, _ body: (XMLElementView) -> T) throws -> T {
        try XMLDocumentParser.withRootElement(data, limits: limits) { root in body(root) }
    }
}
