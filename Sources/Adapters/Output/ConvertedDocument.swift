public import CEBMessages

/// One customs document produced from a batch, before it is packed into a message.
public struct ConvertedDocument: Sendable, Hashable {
    /// Indirect: a document passes through several stages of a submission (checked, hashed,
    /// packed, staged), and each hand-over copies it; boxed, a copy of the body is one reference,
    /// not one for every field of a head and its lines.
    public indirect enum Body: Sendable, Hashable {
        case order(Order)
        case payment(PaymentHead)
        case waybill(LogisticsHead)
        case inventory(Inventory)
        case cancellation(InvtCancel)
        case refund(InvtRefund)
        case waybillStatus(LogisticsStatus)
        case delivery(Delivery)
    }

    /// The declaration message type that carries it.
    public var messageType: CEBMessageType
    /// Customs' identity of the document, unique per type: `ebpCode:orderNo` for orders,
    /// `payCode:payTransactionId`, `logisticsCode:logisticsNo`, `agentCode:copNo` for inventories…
    public var businessKey: String
    public var orderNo: String
    /// The document's head guid.
    public var guid: String
    /// The record it came from, for messages (`parcels[3] (order HT0001)`).
    public var record: String
    public var body: Body
    /// For orders and payments: what the platform keeps for customs' real-time fetch (179).
    public var platformFacts: PlatformFacts? = nil

    public init(messageType: CEBMessageType, businessKey: String, orderNo: String, guid: String, record: String, body: Body) {
        self.messageType = messageType
        self.businessKey = businessKey
        self.orderNo = orderNo
        self.guid = guid
        self.record = record
        self.body = body
    }
}
