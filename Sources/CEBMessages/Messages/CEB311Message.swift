public import XMLSupport

/// Electronic order (platform → customs).
public typealias CEB311Message = Declaration<CEB311Body>

/// What a CEB311 carries inside the declaration envelope.
public struct CEB311Body: DeclarationBody {
    public static let messageType = CEBMessageType.ceb311
    public var orders: [Order]

    public init(orders: [Order]) {
        self.orders = orders
    }

    public init(root: XMLNode) throws(CEBDecodingError) {
        orders = try CEBRoot.groups("Order", in: root) { node, path throws(CEBDecodingError) in try Order(node: node, path: path) }
    }

    public func write(to writer: inout CEBXMLWriter) {
        for item in orders { item.write(to: &writer) }
    }
}

extension Declaration where Body == CEB311Body {
    public init(
        guid: String = CEBGuid.make(),
        version: String = "1.0",
        orders: [Order],
        baseTransfer: BaseTransfer,
        baseSubscribes: [BaseSubscribe] = [],
        extendMessage: ExtendMessage? = nil,
        signature: XMLNode? = nil
    ) {
        self.init(
            guid: guid, version: version, body: CEB311Body(orders: orders), baseTransfer: baseTransfer, baseSubscribes: baseSubscribes,
            extendMessage: extendMessage, signature: signature
        )
    }

    public var orders: [Order] {
        get { body.orders }
        set { body.orders = newValue }
    }
}
