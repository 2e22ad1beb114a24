import XMLSupport

/// Every customs message type swgate knows, named as in the root element.
public enum CEBMessageType: String, Sendable, Hashable, CaseIterable, Codable {
    case ceb311 = "CEB311Message"
    case ceb312 = "CEB312Message"
    case ceb411 = "CEB411Message"
    case ceb412 = "CEB412Message"
    case ceb511 = "CEB511Message"
    case ceb512 = "CEB512Message"
    case ceb513 = "CEB513Message"
    case ceb514 = "CEB514Message"
    case ceb621 = "CEB621Message"
    case ceb622 = "CEB622Message"
    case ceb623 = "CEB623Message"
    case ceb624 = "CEB624Message"
    case ceb625 = "CEB625Message"
    case ceb626 = "CEB626Message"
    case ceb711 = "CEB711Message"
    case ceb712 = "CEB712Message"
    case ceb816 = "CEB816Message"
    case ceb818 = "CEB818Message"
    case ceb900 = "CEB900Message"

    /// Declarations go from an enterprise to customs; everything else comes back.
    public var isDeclaration: Bool {
        switch self {
        case .ceb311, .ceb411, .ceb511, .ceb513, .ceb621, .ceb623, .ceb625, .ceb711: true
        case .ceb312, .ceb412, .ceb512, .ceb514, .ceb622, .ceb624, .ceb626, .ceb712, .ceb816, .ceb818, .ceb900: false
        }
    }

    /// Whether customs requires a `ds:Signature` (the schema makes it mandatory).
    public var requiresSignature: Bool {
        switch self {
        case .ceb621, .ceb623, .ceb625, .ceb711: true
        default: false
        }
    }

    /// For a receipt type, the element that carries each answer; for a declaration, `nil`.
    public var returnElementName: String? {
        switch self {
        case .ceb312: "OrderReturn"
        case .ceb412: "PaymentReturn"
        case .ceb512: "LogisticsReturn"
        case .ceb514: "LogisticsStatusReturn"
        case .ceb622: "InventoryReturn"
        case .ceb624: "InvtCancelReturn"
        case .ceb626: "InvtRefundReturn"
        case .ceb712: "DeliveryReturn"
        case .ceb816: "TaxHeadRd"
        case .ceb818: "TaxHeadStatus"
        case .ceb900: "MessageReturn"
        default: nil
        }
    }

    /// For a declaration, the receipt type customs answers it with.
    public var receiptType: CEBMessageType? {
        switch self {
        case .ceb311: .ceb312
        case .ceb411: .ceb412
        case .ceb511: .ceb512
        case .ceb513: .ceb514
        case .ceb621: .ceb622
        case .ceb623: .ceb624
        case .ceb625: .ceb626
        case .ceb711: .ceb712
        default: nil
        }
    }

    /// A short English title for tables and logs.
    public var title: String {
        switch self {
        case .ceb311: "order"
        case .ceb312: "order receipt"
        case .ceb411: "payment"
        case .ceb412: "payment receipt"
        case .ceb511: "waybill"
        case .ceb512: "waybill receipt"
        case .ceb513: "waybill status"
        case .ceb514: "waybill status receipt"
        case .ceb621: "import inventory"
        case .ceb622: "inventory receipt"
        case .ceb623: "inventory cancellation"
        case .ceb624: "cancellation receipt"
        case .ceb625: "return request"
        case .ceb626: "return receipt"
        case .ceb711: "warehouse entry list"
        case .ceb712: "warehouse entry receipt"
        case .ceb816: "tax bill"
        case .ceb818: "tax bill status"
        case .ceb900: "format check receipt"
        }
    }

    /// Checks that `root` is a `ceb` element of type `expected`.
    static func checkRoot(_ root: XMLNode, expected: CEBMessageType) throws(CEBDecodingError) {
        guard root.namespace == CEBNamespace.ceb else {
            throw CEBDecodingError(
                reason: .wrongNamespace(found: root.namespace),
                line: root.line,
                message: "the root element \(root.name) is not in the customs namespace \(CEBNamespace.ceb)"
            )
        }
        guard root.name == expected.rawValue else {
            throw CEBDecodingError(
                reason: .unknownMessageType(root.name),
                line: root.line,
                message: "expected \(expected.rawValue), found \(root.name)"
            )
        }
    }
}
