public import Foundation
public import XMLSupport

/// Any customs message, for code that reads a file without knowing its type in advance.
public enum AnyCEBMessage: Sendable, Hashable {
    case ceb311(CEB311Message)
    case ceb312(CEB312Message)
    case ceb411(CEB411Message)
    case ceb412(CEB412Message)
    case ceb511(CEB511Message)
    case ceb512(CEB512Message)
    case ceb513(CEB513Message)
    case ceb514(CEB514Message)
    case ceb621(CEB621Message)
    case ceb622(CEB622Message)
    case ceb623(CEB623Message)
    case ceb624(CEB624Message)
    case ceb625(CEB625Message)
    case ceb626(CEB626Message)
    case ceb711(CEB711Message)
    case ceb712(CEB712Message)
    case ceb816(CEB816Message)
    case ceb818(CEB818Message)
    case ceb900(CEB900Message)

    /// The message inside, as its protocol.
    public var message: any CEBMessage {
        switch self {
        case .ceb311(let message): message
        case .ceb312(let message): message
        case .ceb411(let message): message
        case .ceb412(let message): message
        case .ceb511(let message): message
        case .ceb512(let message): message
        case .ceb513(let message): message
        case .ceb514(let message): message
        case .ceb621(let message): message
        case .ceb622(let message): message
        case .ceb623(let message): message
        case .ceb624(let message): message
        case .ceb625(let message): message
        case .ceb626(let message): message
        case .ceb711(let message): message
        case .ceb712(let message): message
        case .ceb816(let message): message
        case .ceb818(let message): message
        case .ceb900(let message): message
        }
    }

    public var messageType: CEBMessageType { type(of: message).messageType }

    /// Decodes `root` as whichever message type its name says.
    public init(root: XMLNode) throws(CEBDecodingError) {
        guard root.namespace == CEBNamespace.ceb else {
            throw CEBDecodingError(
                reason: .wrongNamespace(found: root.namespace),
                line: root.line,
                message: "the root element \(root.name) is not in the customs namespace \(CEBNamespace.ceb)"
            )
        }
        guard let type = CEBMessageType(rawValue: root.name) else {
            throw CEBDecodingError(
                reason: .unknownMessageType(root.name), line: root.line, message: "\(root.name) is not a known customs message type")
        }
        switch type {
        case .ceb311: self = .ceb311(try CEB311Message(root: root))
        case .ceb312: self = .ceb312(try CEB312Message(root: root))
        case .ceb411: self = .ceb411(try CEB411Message(root: root))
        case .ceb412: self = .ceb412(try CEB412Message(root: root))
        case .ceb511: self = .ceb511(try CEB511Message(root: root))
        case .ceb512: self = .ceb512(try CEB512Message(root: root))
        case .ceb513: self = .ceb513(try CEB513Message(root: root))
        case .ceb514: self = .ceb514(try CEB514Message(root: root))
        case .ceb621: self = .ceb621(try CEB621Message(root: root))
        case .ceb622: self = .ceb622(try CEB622Message(root: root))
        case .ceb623: self = .ceb623(try CEB623Message(root: root))
        case .ceb624: self = .ceb624(try CEB624Message(root: root))
        case .ceb625: self = .ceb625(try CEB625Message(root: root))
        case .ceb626: self = .ceb626(try CEB626Message(root: root))
        case .ceb711: self = .ceb711(try CEB711Message(root: root))
        case .ceb712: self = .ceb712(try CEB712Message(root: root))
        case .ceb816: self = .ceb816(try CEB816Message(root: root))
        case .ceb818: self = .ceb818(try CEB818Message(root: root))
        case .ceb900: self = .ceb900(try CEB900Message(root: root))
        }
    }

    /// Parses bytes holding any customs message.
    public static func parse(_ data: Data, limits: XMLParseLimits = .default) throws(CEBDecodingError) -> AnyCEBMessage {
        let root: XMLNode
        do {
            root = try XMLDocumentParser.parse(data, limits: limits)
        } catch {
            throw CEBDecodingError.wrap(error)
        }
        return try AnyCEBMessage(root: root)
    }
}
