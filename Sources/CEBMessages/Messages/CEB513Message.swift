public import XMLSupport

/// Waybill status (carrier → customs).
public struct CEB513Message: CEBDeclaration {
    public static let messageType = CEBMessageType.ceb513
    public var guid: String
    public var version: String
    public var statuses: [LogisticsStatus]
    public var baseTransfer: BaseTransfer
    public var baseSubscribes: [BaseSubscribe]
    public var extendMessage: ExtendMessage?
    public var signature: XMLNode?

    public init(
        guid: String = CEBGuid.make(),
        version: String = "1.0",
        statuses: [LogisticsStatus],
        baseTransfer: BaseTransfer,
        baseSubscribes: [BaseSubscribe] = [],
        extendMessage: ExtendMessage? = nil,
        signature: XMLNode? = nil
    ) {
        self.guid = guid
        self.version = version
        self.statuses = statuses
        self.baseTransfer = baseTransfer
        self.baseSubscribes = baseSubscribes
        self.extendMessage = extendMessage
        self.signature = signature
    }

    public init(root: XMLNode) throws(CEBDecodingError) {
        guid = try CEBRoot.guid(root)
        version = CEBRoot.version(root)
        statuses = try CEBRoot.elements(LogisticsStatus.self, in: root, path: "")
        baseTransfer = try CEBRoot.element(BaseTransfer.self, in: root, path: "")
        baseSubscribes = try CEBRoot.elements(BaseSubscribe.self, in: root, path: "")
        extendMessage = try CEBRoot.optionalElement(ExtendMessage.self, in: root, path: "")
        signature = CEBRoot.signature(root)
    }

    public func writeBody(to writer: inout CEBXMLWriter) {
        for item in statuses { item.write(to: &writer) }
        writeDeclarationTail(to: &writer)
    }
}
