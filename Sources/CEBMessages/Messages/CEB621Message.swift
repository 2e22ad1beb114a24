public import XMLSupport

/// Import inventory (declaring agent → customs).
public struct CEB621Message: CEBDeclaration {
    public static let messageType = CEBMessageType.ceb621
    public var guid: String
    public var version: String
    public var inventories: [Inventory]
    public var baseTransfer: BaseTransfer
    public var baseSubscribes: [BaseSubscribe]
    public var extendMessage: ExtendMessage?
    public var signature: XMLNode?

    public init(
        guid: String = CEBGuid.make(),
        version: String = "1.0",
        inventories: [Inventory],
        baseTransfer: BaseTransfer,
        baseSubscribes: [BaseSubscribe] = [],
        extendMessage: ExtendMessage? = nil,
        signature: XMLNode? = nil
    ) {
        self.guid = guid
        self.version = version
        self.inventories = inventories
        self.baseTransfer = baseTransfer
        self.baseSubscribes = baseSubscribes
        self.extendMessage = extendMessage
        self.signature = signature
    }

    public init(root: XMLNode) throws(CEBDecodingError) {
        guid = try CEBRoot.guid(root)
        version = CEBRoot.version(root)
        inventories = try CEBRoot.groups("Inventory", in: root) { node, path throws(CEBDecodingError) in try Inventory(node: node, path: path) }
        baseTransfer = try CEBRoot.element(BaseTransfer.self, in: root, path: "")
        baseSubscribes = try CEBRoot.elements(BaseSubscribe.self, in: root, path: "")
        extendMessage = try CEBRoot.optionalElement(ExtendMessage.self, in: root, path: "")
        signature = CEBRoot.signature(root)
    }

    public func writeBody(to writer: inout CEBXMLWriter) {
        for item in inventories { item.write(to: &writer) }
        writeDeclarationTail(to: &writer)
    }
}
