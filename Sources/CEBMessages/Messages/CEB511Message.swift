public import XMLSupport

/// Waybill (carrier → customs).
public struct CEB511Message: CEBDeclaration {
    public static let messageType = CEBMessageType.ceb511
    public var guid: String
    public var version: String
    public var waybills: [LogisticsHead]
    public var baseTransfer: BaseTransfer
    public var baseSubscribes: [BaseSubscribe]
    public var extendMessage: ExtendMessage?
    public var signature: XMLNode?

    public init(
        guid: String = CEBGuid.make(),
        version: String = "1.0",
        waybills: [LogisticsHead],
        baseTransfer: BaseTransfer,
        baseSubscribes: [BaseSubscribe] = [],
        extendMessage: ExtendMessage? = nil,
        signature: XMLNode? = nil
    ) {
        self.guid = guid
        self.version = version
        self.waybills = waybills
        self.baseTransfer = baseTransfer
        self.baseSubscribes = baseSubscribes
        self.extendMessage = extendMessage
        self.signature = signature
    }

    public init(root: XMLNode) throws(CEBDecodingError) {
        guid = try CEBRoot.guid(root)
        version = CEBRoot.version(root)
        waybills = try CEBRoot.groups("Logistics", in: root) { node, path throws(CEBDecodingError) in try CEBRoot.element(LogisticsHead.self, in: node, path: path + "/") }
        baseTransfer = try CEBRoot.element(BaseTransfer.self, in: root, path: "")
        baseSubscribes = try CEBRoot.elements(BaseSubscribe.self, in: root, path: "")
        extendMessage = try CEBRoot.optionalElement(ExtendMessage.self, in: root, path: "")
        signature = CEBRoot.signature(root)
    }

    public func writeBody(to writer: inout CEBXMLWriter) {
        for item in waybills {
            writer.open("Logistics")
            item.write(to: &writer)
            writer.close("Logistics")
        }
        writeDeclarationTail(to: &writer)
    }
}
