public import Foundation

/// A platform order as the platform keeps it: becomes a CEB311 electronic order.
public struct OrderRecord: Sendable, Hashable {
    public struct Item: Sendable, Hashable {
        public var sku: String?
        public var name: String
        /// Specification: brand, size, composition (`gmodel`).
        public var spec: String
        public var description: String?
        public var barcode: String?
        /// Customs unit code.
        public var unit: String
        public var quantity: Decimal
        public var price: Decimal
        /// The line total the platform charged, when it states one; derived otherwise.
        public var total: Decimal?
        /// Customs country code of origin.
        public var origin: String
        public var note: String?
        /// The product page (several joined with `;`), for customs' real-time fetch (179).
        public var link: String? = nil
    }

    public var orderNo: String
    public var buyer: PersonRecord
    public var consignee: ConsigneeRecord
    public var items: [Item]
    public var freight: Decimal
    public var discount: Decimal
    public var tax: Decimal
    /// What the platform says the buyer paid; checked against the derived amount.
    public var paid: Decimal?
    /// The goods value the platform states; checked against the sum of lines.
    public var goodsValue: Decimal?
    /// The payment company (profile key) and transaction that paid for the order.
    public var paymentProvider: String?
    public var paymentTransactionId: String?
    public var batchNumbers: String?
    public var note: String?
    /// Who received the money, when not the profile's `platformData.seller`.
    public var seller: SellerRecord? = nil

    static func read(_ cursor: FieldCursor) -> OrderRecord? {
        guard cursor.expectObject() else { return nil }
        let orderNo = cursor.string("orderNo", maxLength: 60)
        let buyer = cursor.object("buyer").flatMap { PersonRecord.read($0, needsPhone: true, needsAccount: true) }
        let consignee = cursor.object("consignee").flatMap(ConsigneeRecord.read)
        let currency = cursor.code("currency", required: false, table: "currency", lookup: CodeTables.currency)
        if let currency, currency != "142" {
            cursor.child("currency").invalid("customs takes cross-border retail orders in CNY only (customs code 142)")
        }
        var items: [Item] = []
        var itemsValid = true
        for itemCursor in cursor.array("items") ?? [] {
            guard itemCursor.expectObject() else {
                itemsValid = false
                continue
            }
            let sku = itemCursor.string("sku", required: false, maxLength: 30)
            let name = itemCursor.string("name", maxLength: 250)
            let spec = itemCursor.string("spec", maxLength: 510)
            let description = itemCursor.string("description", required: false, maxLength: 1000)
            let barcode = itemCursor.string("barcode", required: false, maxLength: 50)
            let unit = itemCursor.code("unit", table: "unit", lookup: CodeTables.unit)
            let quantity = itemCursor.decimal("quantity")
            let price = itemCursor.decimal("price")
            let total = itemCursor.decimal("total", required: false)
            let origin = itemCursor.code("origin", table: "country", lookup: CodeTables.country)
            let note = itemCursor.string("note", required: false, maxLength: 1000)
            let link = itemCursor.string("link", required: false, maxLength: 3000)
            if let quantity, quantity <= 0 { itemCursor.child("quantity").invalid("must be more than zero") }
            guard let name, let spec, let unit, let quantity, let price, let origin else {
                itemsValid = false
                continue
            }
            items.append(
                Item(
                    sku: sku, name: name, spec: spec, description: description, barcode: barcode, unit: unit, quantity: quantity,
                    price: price, total: total, origin: origin, note: note, link: link))
        }
        if items.count > 99 { cursor.child("items").invalid("an order holds at most 99 goods lines") }
        let freight = cursor.decimal("freight", required: false) ?? 0
        let discount = cursor.decimal("discount", required: false) ?? 0
        let tax = cursor.decimal("tax", required: false) ?? 0
        let paid = cursor.decimal("paid", required: false)
        let goodsValue = cursor.decimal("goodsValue", required: false)
        var provider: String?
        var transaction: String?
        if let payment = cursor.object("payment", required: false) {
            provider = payment.string("provider", required: false)
            transaction = payment.string("transactionId", required: false, maxLength: 60)
        }
        let batchNumbers = cursor.string("batchNumbers", required: false, maxLength: 100)
        let note = cursor.string("note", required: false, maxLength: 1000)
        let seller = cursor.object("seller", required: false).flatMap(SellerRecord.read)
        guard let orderNo, let buyer, let consignee, itemsValid, !items.isEmpty else { return nil }
        var record = OrderRecord(
            orderNo: orderNo, buyer: buyer, consignee: consignee, items: items, freight: freight, discount: discount, tax: tax,
            paid: paid, goodsValue: goodsValue, paymentProvider: provider, paymentTransactionId: transaction,
            batchNumbers: batchNumbers, note: note
        )
        record.seller = seller
        return record
    }
}
