public import XMLSupport

/// Waybill status (carrier → customs).
public typealias CEB513Message = Declaration<CEB513Body>

/// What a CEB513 carries inside the declaration envelope.
public struct CEB513Body: DeclarationBody {
    public static let messageType = CEBMessageType.ceb513
    public var statuses: [LogisticsStatus]

    public init(statuses: [LogisticsStatus]) {
        self.statuses = statuses
    }

    public init(root: XMLNode) throws(CEBDecodingError) {
        statuses = try CEBRoot.elements(LogisticsStatus.self, in: root, path: "")
    }

    public func write(to writer: inout CEBXMLWriter) {
        for item in statuses { item.write(to: &writer) }
    }
}

extension Declaration where Body == CEB513Body {
    public init(
        guid: String = CEBGuid.make(),
        version: String = "1.0",
        statuses: [LogisticsStatus],
        baseTransfer: BaseTransfer,
        baseSubscribes: [BaseSubscribe] = [],
        extendMessage: ExtendMessage? = nil,
        signature: XMLNode? = nil
    ) {
        self.init(
            guid: guid, version: version, body: CEB513Body(statuses: statuses), baseTransfer: baseTransfer, baseSubscribes: baseSubscribes,
            extendMessage: extendMessage, signature: signature
        )
    }

    public var statuses: [LogisticsStatus] {
        get { body.statuses }
        set { body.statuses = newValue }
    }
}
