public import XMLSupport

/// Import inventory (declaring agent → customs).
public typealias CEB621Message = Declaration<CEB621Body>

/// What a CEB621 carries inside the declaration envelope.
public struct CEB621Body: DeclarationBody {
    public static let messageType = CEBMessageType.ceb621
    public var inventories: [Inventory]

    public init(inventories: [Inventory]) {
        self.inventories = inventories
    }

    public init(root: XMLNode) throws(CEBDecodingError) {
        inventories = try CEBRoot.groups("Inventory", in: root) { node, path throws(CEBDecodingError) in
            try Inventory(node: node, path: path)
        }
    }

    public func write(to writer: inout CEBXMLWriter) {
        for item in inventories { item.write(to: &writer) }
    }
}

extension Declaration where Body == CEB621Body {
    public init(
        guid: String = CEBGuid.make(),
        version: String = "1.0",
        inventories: [Inventory],
        baseTransfer: BaseTransfer,
        baseSubscribes: [BaseSubscribe] = [],
        extendMessage: ExtendMessage? = nil,
        signature: XMLNode? = nil
    ) {
        self.init(
            guid: guid, version: version, body: CEB621Body(inventories: inventories), baseTransfer: baseTransfer,
            baseSubscribes: baseSubscribes,
            extendMessage: extendMessage, signature: signature
        )
    }

    public var inventories: [Inventory] {
        get { body.inventories }
        set { body.inventories = newValue }
    }
}
