public import XMLSupport

/// Cancellation receipt.
public struct CEB624Message: CEBMessage {
    public static let messageType = CEBMessageType.ceb624
    public var guid: String
    public var version: String
    public var returns: [InvtCancelReturn]

    public init(
        guid: String = CEBGuid.make(),
        version: String = "1.0",
        returns: [InvtCancelReturn]
    ) {
        self.guid = guid
        self.version = version
        self.returns = returns
    }

    public init(root: XMLNode) throws(CEBDecodingError) {
        guid = try CEBRoot.guid(root)
        version = CEBRoot.version(root)
        returns = try CEBRoot.elements(InvtCancelReturn.self, in: root, path: "")
    }

    public func writeBody(to writer: inout CEBXMLWriter) {
        for item in returns { item.write(to: &writer) }
    }
}
