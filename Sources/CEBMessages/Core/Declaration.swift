public import XMLSupport

/// What one kind of declaration carries (orders, payments, waybills, inventories…): everything
/// else — guid, version, `BaseTransfer`, `BaseSubscribe`, `ExtendMessage` and the signature — is
/// the envelope ``Declaration`` gives every kind.
public protocol DeclarationBody: Sendable, Hashable {
    static var messageType: CEBMessageType { get }
    /// Reads the body's elements from the message's root.
    init(root: XMLNode) throws(CEBDecodingError)
    /// Writes the body's elements, in the schema's order (before the envelope's tail).
    func write(to writer: inout CEBXMLWriter)
}

/// A message an enterprise sends to customs: one generic envelope around a ``DeclarationBody``.
/// `CEB311Message` is `Declaration<CEB311Body>`, and so on for each declaration.
public struct Declaration<Body: DeclarationBody>: CEBDeclaration {
    public static var messageType: CEBMessageType { Body.messageType }
    public var guid: String
    public var version: String
    public var body: Body
    public var baseTransfer: BaseTransfer
    public var baseSubscribes: [BaseSubscribe]
    public var extendMessage: ExtendMessage?
    public var signature: XMLNode?

    public init(
        guid: String = CEBGuid.make(),
        version: String = "1.0",
        body: Body,
        baseTransfer: BaseTransfer,
        baseSubscribes: [BaseSubscribe] = [],
        extendMessage: ExtendMessage? = nil,
        signature: XMLNode? = nil
    ) {
        self.guid = guid
        self.version = version
        self.body = body
        self.baseTransfer = baseTransfer
        self.baseSubscribes = baseSubscribes
        self.extendMessage = extendMessage
        self.signature = signature
    }

    public init(root: XMLNode) throws(CEBDecodingError) {
        guid = try CEBRoot.guid(root)
        version = CEBRoot.version(root)
        body = try Body(root: root)
        baseTransfer = try CEBRoot.element(BaseTransfer.self, in: root, path: "")
        baseSubscribes = try CEBRoot.elements(BaseSubscribe.self, in: root, path: "")
        extendMessage = try CEBRoot.optionalElement(ExtendMessage.self, in: root, path: "")
        signature = CEBRoot.signature(root)
    }

    public func writeBody(to writer: inout CEBXMLWriter) {
        body.write(to: &writer)
        writeDeclarationTail(to: &writer)
    }
}
