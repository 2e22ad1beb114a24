/// One answer inside a receipt file: an `OrderReturn`, `InventoryReturn`, `TaxHeadRd`, …
///
/// Kept as ordered name/value pairs rather than a typed struct so that a receipt with an unexpected
/// extra field, or one missing an optional field, is still read and shown as customs sent it.
public struct ReturnElement: Sendable, Hashable {
    /// The receipt's message type (`CEB622Message`).
    public var messageType: CEBMessageType
    /// The element's name (`InventoryReturn`).
    public var elementName: String
    /// Every child element with its text, in document order.
    public var fields: [ReturnField]
    /// The line of the element in the receipt (inside the carried message when wrapped).
    public var line: Int
    /// The lines that come with the answer in its wrapper: a tax bill's `TaxListRd`s, each as
    /// its fields in document order.
    public var lines: [[ReturnField]] = []

    public init(messageType: CEBMessageType, elementName: String, fields: [ReturnField], line: Int = 0) {
        self.messageType = messageType
        self.elementName = elementName
        self.fields = fields
        self.line = line
    }

    public subscript(_ name: String) -> String? {
        fields.first { $0.name == name }?.value
    }

    /// The status code: `returnStatus`, or `status` for the tax bill messages.
    public var statusCode: String? {
        self["returnStatus"] ?? self["status"]
    }

    /// The English meaning of ``statusCode`` for this receipt type.
    public var statusMeaning: String {
        ReturnStatus.meaning(of: statusCode ?? "", for: messageType)
    }

    /// The business key customs answered about, for display: order number, copNo, waybill, …
    public var businessKey: String {
        let candidates = ["orderNo", "copNo", "logisticsNo", "payTransactionId", "invtNo", "rkdNo", "preNo", "oriCopMsgId", "taxNo"]
        for name in candidates {
            if let value = self[name], !value.isEmpty { return value }
        }
        return self["guid"] ?? ""
    }
}

/// A named text value of a ``ReturnElement``.
public struct ReturnField: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
