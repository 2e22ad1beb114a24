public import CEBMessages

/// Packs documents of one type into messages of up to `limit` documents each (customs allows
/// 100 business nodes per message; CEB711 holds one).
public struct MessagePacker: Sendable {
    public let limit: Int
    let transfer: BaseTransfer
    private var pending: [CEBMessageType: [ConvertedDocument]] = [:]

    public init(limit: Int, profile: EnterpriseProfile) {
        self.limit = max(1, min(limit, 100))
        transfer = BaseTransfer(copCode: profile.transfer.code, copName: profile.transfer.name, dxpMode: "DXP", dxpId: profile.dxpId)
    }

    /// Adds a document; returns a full message when one is ready.
    public mutating func add(_ document: ConvertedDocument) -> PackedMessage? {
        pending[document.messageType, default: []].append(document)
        let limit = document.messageType == .ceb711 ? 1 : limit
        guard let documents = pending[document.messageType], documents.count >= limit else { return nil }
        pending[document.messageType] = nil
        return pack(documents)
    }

    /// The messages still open, in a stable order.
    public mutating func flush() -> [PackedMessage] {
        let types = pending.keys.sorted { $0.rawValue < $1.rawValue }
        let result = types.compactMap { type in pending[type].flatMap { $0.isEmpty ? nil : pack($0) } }
        pending = [:]
        return result
    }

    /// Builds the message for a set of documents of one type. Its guid derives from theirs, so
    /// packing the same documents again gives the same message.
    public func pack(_ documents: [ConvertedDocument]) -> PackedMessage {
        let type = documents[0].messageType
        let guid =
            documents.count == 1 ? documents[0].guid : CEBGuid.stable("\(type.rawValue)|" + documents.map(\.guid).joined(separator: ","))
        let message: any CEBDeclaration
        switch type {
        case .ceb311:
            message = CEB311Message(
                guid: guid, orders: documents.compactMap { if case .order(let value) = $0.body { value } else { nil } },
                baseTransfer: transfer)
        case .ceb411:
            message = CEB411Message(
                guid: guid, payments: documents.compactMap { if case .payment(let value) = $0.body { value } else { nil } },
                baseTransfer: transfer)
        case .ceb511:
            message = CEB511Message(
                guid: guid, waybills: documents.compactMap { if case .waybill(let value) = $0.body { value } else { nil } },
                baseTransfer: transfer)
        case .ceb621:
            message = CEB621Message(
                guid: guid, inventories: documents.compactMap { if case .inventory(let value) = $0.body { value } else { nil } },
                baseTransfer: transfer)
        case .ceb623:
            message = CEB623Message(
                guid: guid, cancellations: documents.compactMap { if case .cancellation(let value) = $0.body { value } else { nil } },
                baseTransfer: transfer)
        case .ceb513:
            message = CEB513Message(
                guid: guid, statuses: documents.compactMap { if case .waybillStatus(let value) = $0.body { value } else { nil } },
                baseTransfer: transfer)
        case .ceb711:
            // One entry list a message: the packer's callers give CEB711 documents one at a time.
            let deliveries = documents.compactMap { if case .delivery(let value) = $0.body { value } else { nil } }
            message = CEB711Message(guid: guid, delivery: deliveries[0], baseTransfer: transfer)
        default:
            message = CEB625Message(
                guid: guid, refunds: documents.compactMap { if case .refund(let value) = $0.body { value } else { nil } },
                baseTransfer: transfer)
        }
        return PackedMessage(message: message, documents: documents)
    }
}

/// A message ready to validate, sign and send, with the documents it carries.
public struct PackedMessage: Sendable {
    public var message: any CEBDeclaration
    public var documents: [ConvertedDocument]

    public var messageType: CEBMessageType { type(of: message).messageType }
    public var fileName: String { "\(messageType.rawValue)_\(message.guid).xml" }
}
