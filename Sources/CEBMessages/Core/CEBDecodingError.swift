public import Foundation
public import XMLSupport

/// Why bytes could not be read as a typed customs message.
public struct CEBDecodingError: Error, Sendable, Hashable, LocalizedError {
    public enum Reason: Sendable, Hashable {
        case notXML(XMLParseError)
        case wrongNamespace(found: String?)
        case unknownMessageType(String)
        case missingField
        case invalidValue
        case invalidEnvelope
    }

    public var reason: Reason
    /// Where: `Order[2]/OrderHead/goodsValue`, say.
    public var path: String
    public var line: Int?
    public var message: String

    public init(reason: Reason, path: String = "", line: Int? = nil, message: String) {
        self.reason = reason
        self.path = path
        self.line = line
        self.message = message
    }

    public var errorDescription: String? {
        var text = ""
        if let line { text += "line \(line): " }
        if !path.isEmpty { text += "\(path): " }
        return text + message
    }

    static func wrap(_ error: XMLParseError) -> CEBDecodingError {
        CEBDecodingError(reason: .notXML(error), line: error.line, message: error.message)
    }
}
