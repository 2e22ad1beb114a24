public import XMLSupport

/// Warehouse entry receipt.
public struct CEB712Message: CEBMessage {
    public static let messageType = CEBMessageType.ceb712
    public var guid: String
    public var version: String
    public var returns: [DeliveryReturn]

    public init(
        guid: String = CEBGuid.make(),
        version: String = "1.0",
        returns: [DeliveryReturn]
    ) {
        self.guid = guid
        self.version = version
        self.returns = returns
    }

    public init(root: XMLNode) throws(CEBDecodingError) {
        guid = try CEBRoot.guid(root)
        version = CEBRoot.version(root)
        returns = try CEBRoot.elements(DeliveryReturn.self, in: root, path: "")
    }

    public func writeBody(to writer: inout CEBXMLWriter) {
        for item in returns { item.write(to: &writer) }
    }
}
