public import XMLSupport

/// Message format check receipt.
public struct CEB900Message: CEBMessage {
    public static let messageType = CEBMessageType.ceb900
    public var guid: String
    public var version: String
    public var messageReturn: MessageReturn

    public init(
        guid: String = CEBGuid.make(),
        version: String = "1.0",
        messageReturn: MessageReturn
    ) {
        self.guid = guid
        self.version = version
        self.messageReturn = messageReturn
    }

    public init(root: XMLNode) throws(CEBDecodingError) {
        guid = try CEBRoot.guid(root)
        version = CEBRoot.version(root)
        messageReturn = try CEBRoot.element(MessageReturn.self, in: root, path: "")
    }

    public func writeBody(to writer: inout CEBXMLWriter) {
        messageReturn.write(to: &writer)
    }
}
