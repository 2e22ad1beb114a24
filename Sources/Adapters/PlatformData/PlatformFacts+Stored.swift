import JSONWriting

/// The stored form of ``PlatformFacts``, written by hand: it is made for every order and payment
/// a batch submits, and `JSONEncoder`'s generic containers cost more than the text is worth.
/// The shape is what `JSONEncoder` with sorted keys writes — the members in key order, an absent
/// optional left out — so ``PlatformFacts/parse(_:)`` reads it back.
extension PlatformFacts {
    /// The stored form.
    public var json: String {
        var out = StoredJSON()
        out.open()
        if let order {
            out.key("order")
            out.open()
            out.key("goods")
            out.text += "["
            for (index, goods) in order.goods.enumerated() {
                if index > 0 { out.text += "," }
                out.open()
                out.member("gname", goods.gname)
                out.member("itemLink", goods.itemLink)
                out.close()
            }
            out.text += "]"
            if let seller = order.seller {
                out.key("seller")
                out.open()
                out.member("account", seller.account)
                out.member("code", seller.code)
                out.member("name", seller.name)
                out.close()
            }
            out.close()
        }
        if let payment {
            out.key("payment")
            out.open()
            out.member("currency", payment.currency)
            out.member("ebpCode", payment.ebpCode)
            out.key("exchange")
            out.open()
            out.member("payType", payment.exchange.payType)
            out.member("request", payment.exchange.request)
            out.member("response", payment.exchange.response)
            out.member("verDept", payment.exchange.verDept)
            out.close()
            out.member("note", payment.note)
            out.member("payCode", payment.payCode)
            out.member("payTransactionId", payment.payTransactionId)
            out.member("totalAmount", payment.totalAmount)
            out.member("tradingTime", payment.tradingTime)
            out.close()
        }
        out.member("paymentKey", paymentKey)
        out.close()
        return out.text
    }
}

/// Objects written member by member, commas where they belong.
private struct StoredJSON {
    var text = ""
    /// Whether the innermost open object has a member yet.
    private var hasMember: [Bool] = []

    mutating func open() {
        text += "{"
        hasMember.append(false)
    }

    mutating func close() {
        text += "}"
        hasMember.removeLast()
    }

    mutating func key(_ name: String) {
        if hasMember[hasMember.count - 1] { text += "," }
        hasMember[hasMember.count - 1] = true
        text += JSONString.quoted(name)
        text += ":"
    }

    /// A string member; none at all when `value` is nil.
    mutating func member(_ name: String, _ value: String?) {
        guard let value else { return }
        key(name)
        text += JSONString.quoted(value)
    }
}
