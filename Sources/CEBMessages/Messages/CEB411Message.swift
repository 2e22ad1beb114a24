public import XMLSupport

/// Payment voucher (payment company → customs).
public typealias CEB411Message = Declaration<CEB411Body>

/// What a CEB411 carries inside the declaration envelope.
public struct CEB411Body: DeclarationBody {
    public static let messageType = CEBMessageType.ceb411
    public var payments: [PaymentHead]

    public init(payments: [PaymentHead]) {
        self.payments = payments
    }

    public init(root: XMLNode) throws(CEBDecodingError) {
        payments = try CEBRoot.groups("Payment", in: root) { node, path throws(CEBDecodingError) in
            try CEBRoot.element(PaymentHead.self, in: node, path: path + "/")
        }
    }

    public func write(to writer: inout CEBXMLWriter) {
        for item in payments {
            writer.open("Payment")
            item.write(to: &writer)
            writer.close("Payment")
        }
    }
}

extension Declaration where Body == CEB411Body {
    public init(
        guid: String = CEBGuid.make(),
        version: String = "1.0",
        payments: [PaymentHead],
        baseTransfer: BaseTransfer,
        baseSubscribes: [BaseSubscribe] = [],
        extendMessage: ExtendMessage? = nil,
        signature: XMLNode? = nil
    ) {
        self.init(
            guid: guid, version: version, body: CEB411Body(payments: payments), baseTransfer: baseTransfer, baseSubscribes: baseSubscribes,
            extendMessage: extendMessage, signature: signature
        )
    }

    public var payments: [PaymentHead] {
        get { body.payments }
        set { body.payments = newValue }
    }
}
