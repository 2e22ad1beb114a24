public import XMLSupport

/// Warehouse entry list (supervised-site operator → customs).
public typealias CEB711Message = Declaration<CEB711Body>

/// What a CEB711 carries inside the declaration envelope.
public struct CEB711Body: DeclarationBody {
    public static let messageType = CEBMessageType.ceb711
    public var delivery: Delivery

    public init(delivery: Delivery) {
        self.delivery = delivery
    }

    public init(root: XMLNode) throws(CEBDecodingError) {
        delivery = try Delivery(node: try CEBRoot.wrapper("Delivery", in: root), path: "Delivery")
    }

    public func write(to writer: inout CEBXMLWriter) {
        delivery.write(to: &writer)
    }
}

extension Declaration where Body == CEB711Body {
    public init(
        guid: String = CEBGuid.make(),
        version: String = "1.0",
        delivery: Delivery,
        baseTransfer: BaseTransfer,
        baseSubscribes: [BaseSubscribe] = [],
        extendMessage: ExtendMessage? = nil,
        signature: XMLNode? = nil
    ) {
        self.init(
            guid: guid, version: version, body: CEB711Body(delivery: delivery), baseTransfer: baseTransfer, baseSubscribes: baseSubscribes,
            extendMessage: extendMessage, signature: signature
        )
    }

    public var delivery: Delivery {
        get { body.delivery }
        set { body.delivery = newValue }
    }
}
