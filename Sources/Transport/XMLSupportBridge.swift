import Foundation
import XMLSupport

/// The safe parser, for reply bodies.
enum XMLSupportBridge {
    static func parse(_ data: Data) throws -> XMLNode {
        try XMLDocumentParser.parse(data, limits: XMLParseLimits(maxBytes: 4 * 1024 * 1024))
    }
}
