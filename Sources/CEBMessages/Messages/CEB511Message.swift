public import XMLSupport

/// Waybill (carrier → customs).
public typealias CEB511Message = Declaration<CEB511Body>

/// What a CEB511 carries inside the declaration envelope.
public struct CEB511Body: DeclarationBody {
    public static let messageType = CEBMessageType.ceb511
    public var waybills: [LogisticsHead]

    public init(waybills: [LogisticsHead]) {
        self.waybills = waybills
    }

    public init(root: XMLNode) throws(CEBDecodingError) {
        waybills = try CEBRoot.groups("Logistics", in: root) { node, path throws(CEBDecodingError) in
            try CEBRoot.element(LogisticsHead.self, in: node, path: path + "/")
        }
    }

    public func write(to writer: inout CEBXMLWriter) {
        for item in waybills {
            writer.open("Logistics")
            item.write(to: &writer)
            writer.close("Logistics")
        }
    }
}

extension Declaration where Body == CEB511Body {
    public init(
        guid: String = CEBGuid.make(),
        version: String = "1.0",
        waybills: [LogisticsHead],
        baseTransfer: BaseTransfer,
        baseSubscribes: [BaseSubscribe] = [],
        extendMessage: ExtendMessage? = nil,
        signature: XMLNode? = nil
    ) {
        self.init(
            guid: guid, version: version, body: CEB511Body(waybills: waybills), baseTransfer: baseTransfer, baseSubscribes: baseSubscribes,
            extendMessage: extendMessage, signature: signature
        )
    }

    public var waybills: [LogisticsHead] {
        get { body.waybills }
        set { body.waybills = newValue }
    }
}
