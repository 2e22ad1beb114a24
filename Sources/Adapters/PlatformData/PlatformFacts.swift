import Foundation

/// What an order or a payment must keep beyond its customs message so that the platform can
/// answer customs' real-time fetch of announcement 179: the goods' names and product pages and
/// who received the money (orders), the raw exchange with the payment company (payments).
///
/// Stored in the outbox with the document at `submit`, as JSON of this shape (not the JSON that
/// is signed and uploaded: that is built at upload time, in customs' key order).
public struct PlatformFacts: Sendable, Hashable, Codable {
    public struct Goods: Sendable, Hashable, Codable {
        public var gname: String
        public var itemLink: String

        public init(gname: String, itemLink: String) {
            self.gname = gname
            self.itemLink = itemLink
        }
    }

    /// An order's part of an upload's `payExchangeInfoLists`.
    public struct Order: Sendable, Hashable, Codable {
        public var goods: [Goods]
        /// Nil when the record named none: the profile's `platformData.seller` then applies.
        public var seller: SellerRecord?

        public init(goods: [Goods], seller: SellerRecord?) {
            self.goods = goods
            self.seller = seller
        }
    }

    /// A payment's part of an upload's `payExchangeInfoHead`.
    public struct Payment: Sendable, Hashable, Codable {
        public var exchange: PaymentExchange
        public var payCode: String
        public var payTransactionId: String
        public var ebpCode: String
        /// The amount actually paid, as decimal text (exact; written as a JSON number on upload).
        public var totalAmount: String
        public var currency: String
        /// yyyyMMddHHmmss, China time.
        public var tradingTime: String
        public var note: String?

        public init(
            exchange: PaymentExchange, payCode: String, payTransactionId: String, ebpCode: String, totalAmount: String, currency: String,
            tradingTime: String, note: String?
        ) {
            self.exchange = exchange
            self.payCode = payCode
            self.payTransactionId = payTransactionId
            self.ebpCode = ebpCode
            self.totalAmount = totalAmount
            self.currency = currency
            self.tradingTime = tradingTime
            self.note = note
        }
    }

    public var order: Order?
    public var payment: Payment?
    /// The payment document's business key (`payCode:payTransactionId`): an order names the
    /// payment that paid for it; all orders naming one payment go into one upload.
    public var paymentKey: String

    public init(order: Order? = nil, payment: Payment? = nil, paymentKey: String) {
        self.order = order
        self.payment = payment
        self.paymentKey = paymentKey
    }

    /// Reads the stored form back; nil when it is not (damaged, or from another version).
    public static func parse(_ text: String) -> PlatformFacts? {
        try? JSONDecoder().decode(PlatformFacts.self, from: Data(text.utf8))
    }
}
