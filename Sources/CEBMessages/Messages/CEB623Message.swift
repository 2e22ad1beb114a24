public import XMLSupport

/// Inventory cancellation (declaring agent → customs).
public typealias CEB623Message = Declaration<CEB623Body>

/// What a CEB623 carries inside the declaration envelope.
public struct CEB623Body: DeclarationBody {
    public static let messageType = CEBMessageType.ceb623
    public var cancellations: [InvtCancel]

    public init(cancellations: [InvtCancel]) {
        self.cancellations = cancellations
    }

    public init(root: XMLNode) throws(CEBDecodingError) {
        cancellations = try CEBRoot.elements(InvtCancel.self, in: root, path: "")
    }

    public func write(to writer: inout CEBXMLWriter) {
        for item in cancellations { item.write(to: &writer) }
    }
}

extension Declaration where Body == CEB623Body {
    public init(
        guid: String = CEBGuid.make(),
        version: String = "1.0",
        cancellations: [InvtCancel],
        baseTransfer: BaseTransfer,
        baseSubscribes: [BaseSubscribe] = [],
        extendMessage: ExtendMessage? = nil,
        signature: XMLNode? = nil
    ) {
        self.init(
            guid: guid, version: version, body: CEB623Body(cancellations: cancellations), baseTransfer: baseTransfer,
            baseSubscribes: baseSubscribes,
            extendMessage: extendMessage, signature: signature
        )
    }

    public var cancellations: [InvtCancel] {
        get { body.cancellations }
        set { body.cancellations = newValue }
    }
}
