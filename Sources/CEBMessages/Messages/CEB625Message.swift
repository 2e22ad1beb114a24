public import XMLSupport

/// Return (refund) request (declaring agent → customs).
public struct CEB625Message: CEBDeclaration {
    public static let messageType = CEBMessageType.ceb625
    public var guid: String
    public var version: String
    public var refunds: [InvtRefund]
    public var baseTransfer: BaseTransfer
    public var baseSubscribes: [BaseSubscribe]
    public var extendMessage: ExtendMessage?
    public var signature: XMLNode?

    public init(
        guid: String = CEBGuid.make(),
        version: String = "1.0",
        refunds: [InvtRefund],
        baseTransfer: BaseTransfer,
        baseSubscribes: [BaseSubscribe] = [],
        extendMessage: ExtendMessage? = nil,
        signature: XMLNode? = nil
    ) {
        self.guid = guid
        self.version = version
        self.refunds = refunds
        self.baseTransfer = baseTransfer
        self.baseSubscribes = baseSubscribes
        self.extendMessage = extendMessage
        self.signature = signature
    }

    public init(root: XMLNode) throws(CEBDecodingError) {
        guid = try CEBRoot.guid(root)
        version = CEBRoot.version(root)
        refunds = try CEBRoot.groups("InvtRefund", in: root) { node, path throws(CEBDecodingError) in try InvtRefund(node: node, path: path) }
        baseTransfer = try CEBRoot.element(BaseTransfer.self, in: root, path: "")
        baseSubscribes = try CEBRoot.elements(BaseSubscribe.self, in: root, path: "")
        extendMessage = try CEBRoot.optionalElement(ExtendMessage.self, in: root, path: "")
        signature = CEBRoot.signature(root)
    }

    public func writeBody(to writer: inout CEBXMLWriter) {
        for item in refunds { item.write(to: &writer) }
        writeDeclarationTail(to: &writer)
    }
}
