public import XMLSupport

/// Return (refund) request (declaring agent → customs).
public typealias CEB625Message = Declaration<CEB625Body>

/// What a CEB625 carries inside the declaration envelope.
public struct CEB625Body: DeclarationBody {
    public static let messageType = CEBMessageType.ceb625
    public var refunds: [InvtRefund]

    public init(refunds: [InvtRefund]) {
        self.refunds = refunds
    }

    public init(root: XMLNode) throws(CEBDecodingError) {
        refunds = try CEBRoot.groups("InvtRefund", in: root) { node, path throws(CEBDecodingError) in try InvtRefund(node: node, path: path)
        }
    }

    public func write(to writer: inout CEBXMLWriter) {
        for item in refunds { item.write(to: &writer) }
    }
}

extension Declaration where Body == CEB625Body {
    public init(
        guid: String = CEBGuid.make(),
        version: String = "1.0",
        refunds: [InvtRefund],
        baseTransfer: BaseTransfer,
        baseSubscribes: [BaseSubscribe] = [],
        extendMessage: ExtendMessage? = nil,
        signature: XMLNode? = nil
    ) {
        self.init(
            guid: guid, version: version, body: CEB625Body(refunds: refunds), baseTransfer: baseTransfer, baseSubscribes: baseSubscribes,
            extendMessage: extendMessage, signature: signature
        )
    }

    public var refunds: [InvtRefund] {
        get { body.refunds }
        set { body.refunds = newValue }
    }
}
