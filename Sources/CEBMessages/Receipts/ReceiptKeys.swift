/// The keys that tie a receipt to the document it answers, when its guid does not.
///
/// Orders by platform and order number; payments by payment company and transaction; waybills by
/// carrier and waybill number; inventories by copNo, then preNo or invtNo; cancellations and
/// returns by invtNo; tax bills by invtNo (to their inventory).
public enum ReceiptKeys {
    /// The keys a declared document can be found by.
    public static func documentKeys(type: CEBMessageType, businessKey: String, orderNo: String) -> [String] {
        let tail = businessKey.split(separator: ":", maxSplits: 1).last.map(String.init) ?? businessKey
        switch type {
        case .ceb311, .ceb411, .ceb511, .ceb513: return ["\(type.rawValue.prefix(6))|\(businessKey)"]
        case .ceb621: return ["CEB621|cop|\(tail)", "CEB621|order|\(orderNo)"]
        case .ceb623, .ceb625: return ["\(type.rawValue.prefix(6))|invt|\(tail)"]
        case .ceb711: return ["CEB711|cop|\(tail)"]
        default: return []
        }
    }

    /// The key a document gains when customs assigns it a number.
    public static func assignedKeys(type: CEBMessageType, preNo: String?, invtNo: String?) -> [String] {
        guard type == .ceb621 else { return [] }
        var keys: [String] = []
        if let preNo, !preNo.isEmpty { keys.append("CEB621|pre|\(preNo)") }
        if let invtNo, !invtNo.isEmpty { keys.append("CEB621|invt|\(invtNo)") }
        return keys
    }

    /// The keys to look for, most specific first, for one answer of a receipt.
    public static func receiptKeys(_ element: ReturnElement) -> [String] {
        func value(_ name: String) -> String? {
            guard let text = element[name], !text.isEmpty else { return nil }
            return text
        }
        var keys: [String] = []
        switch element.messageType {
        case .ceb312:
            if let ebp = value("ebpCode"), let order = value("orderNo") { keys.append("CEB311|\(ebp):\(order)") }
        case .ceb412:
            if let pay = value("payCode"), let transaction = value("payTransactionId") { keys.append("CEB411|\(pay):\(transaction)") }
        case .ceb512:
            if let carrier = value("logisticsCode"), let number = value("logisticsNo") { keys.append("CEB511|\(carrier):\(number)") }
        case .ceb514:
            if let carrier = value("logisticsCode"), let number = value("logisticsNo") { keys.append("CEB513|\(carrier):\(number)") }
        case .ceb622:
            if let cop = value("copNo") { keys.append("CEB621|cop|\(cop)") }
            if let pre = value("preNo") { keys.append("CEB621|pre|\(pre)") }
            if let invt = value("invtNo") { keys.append("CEB621|invt|\(invt)") }
        case .ceb624:
            if let invt = value("invtNo") { keys.append("CEB623|invt|\(invt)") }
        case .ceb626:
            if let invt = value("invtNo") { keys.append("CEB625|invt|\(invt)") }
        case .ceb712:
            if let cop = value("copNo") { keys.append("CEB711|cop|\(cop)") }
        case .ceb816, .ceb818:
            if let invt = value("invtNo") { keys.append("CEB621|invt|\(invt)") }
        case .ceb900:
            if let transmission = value("oriCopMsgId") { keys.append("transmission|\(transmission)") }
        default:
            break
        }
        return keys
    }
}
