public import XMLSupport

/// Waybill receipt.
public struct CEB512Message: CEBMessage {
    public static let messageType = CEBMessageType.ceb512
    public var guid: String
    public var version: String
    public var returns: [LogisticsReturn]

    public init(
        guid: String = CEBGuid.make(),
        version: String = "1.0",
        returns: [LogisticsReturn]
    ) {
        self.guid = guid
        self.version = version
        self.returns = returns
    }

    public init(root: XMLNode) throws(CEBDecodingError) {
        guid = try CEBRoot.guid(root)
        version = CEBRoot.version(root)
        returns = try CEBRoot.elements(LogisticsReturn.self, in: root, path: "")
    }

    public func writeBody(to writer: inout CEBXMLWriter) {
        for item in returns { item.write(to: &writer) }
    }
}
