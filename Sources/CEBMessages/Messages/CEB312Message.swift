public import XMLSupport

/// Order receipt.
public struct CEB312Message: CEBMessage {
    public static let messageType = CEBMessageType.ceb312
    public var guid: String
    public var version: String
    public var returns: [OrderReturn]

    public init(
        guid: String = CEBGuid.make(),
        version: String = "1.0",
        returns: [OrderReturn]
    ) {
        self.guid = guid
        self.version = version
        self.returns = returns
    }

    public init(root: XMLNode) throws(CEBDecodingError) {
        guid = try CEBRoot.guid(root)
        version = CEBRoot.version(root)
        returns = try CEBRoot.elements(OrderReturn.self, in: root, path: "")
    }

    public func writeBody(to writer: inout CEBXMLWriter) {
        for item in returns { item.write(to: &writer) }
    }
}
