public import XMLSupport

/// Payment voucher (payment company → customs).
public struct CEB411Message: CEBDeclaration {
    public static let messageType = CEBMessageType.ceb411
    public var guid: String
    public var version: String
    public var payments: [PaymentHead]
    public var baseTransfer: BaseTransfer
    public var baseSubscribes: [BaseSubscribe]
    public var extendMessage: ExtendMessage?
    public var signature: XMLNode?

    public init(
        guid: String = CEBGuid.make(),
        version: String = "1.0",
        payments: [PaymentHead],
        baseTransfer: BaseTransfer,
        baseSubscribes: [BaseSubscribe] = [],
        extendMessage: ExtendMessage? = nil,
        signature: XMLNode? = nil
    ) {
        self.guid = guid
        self.version = version
        self.payments = payments
        self.baseTransfer = baseTransfer
        self.baseSubscribes = baseSubscribes
        self.extendMessage = extendMessage
        self.signature = signature
    }

    public init(root: XMLNode) throws(CEBDecodingError) {
        guid = try CEBRoot.guid(root)
        version = CEBRoot.version(root)
        payments = try CEBRoot.groups("Payment", in: root) { node, path throws(CEBDecodingError) in try CEBRoot.element(PaymentHead.self, in: node, path: path + "/") }
        baseTransfer = try CEBRoot.element(BaseTransfer.self, in: root, path: "")
        baseSubscribes = try CEBRoot.elements(BaseSubscribe.self, in: root, path: "")
        extendMessage = try CEBRoot.optionalElement(ExtendMessage.self, in: root, path: "")
        signature = CEBRoot.signature(root)
    }

    public func writeBody(to writer: inout CEBXMLWriter) {
        for item in payments {
            writer.open("Payment")
            item.write(to: &writer)
            writer.close("Payment")
        }
        writeDeclarationTail(to: &writer)
    }
}
