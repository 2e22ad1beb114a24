public import Foundation

/// A payment company's record of what the buyer paid: becomes a CEB411 payment voucher.
public struct PaymentRecord: Sendable, Hashable {
    /// The payment company, by its short name in the profile's `paymentCompanies`.
    public var provider: String
    public var transactionId: String
    public var orderNo: String
    public var payer: PersonRecord
    public var amount: Decimal
    public var paidAt: Date
    public var note: String?
    /// The raw exchange with the payment company, kept for customs' real-time fetch (179).
    public var exchange: PaymentExchange? = nil

    static func read(_ cursor: FieldCursor, orderNo fallbackOrderNo: String?) -> PaymentRecord? {
        guard cursor.expectObject() else { return nil }
        let provider = cursor.string("provider")
        let transaction = cursor.string("transactionId", maxLength: 60)
        let orderNo = cursor.string("orderNo", required: fallbackOrderNo == nil, maxLength: 60) ?? fallbackOrderNo
        let payer = cursor.object("payer").flatMap { PersonRecord.read($0, needsPhone: false) }
        let amount = cursor.decimal("amount")
        let currency = cursor.code("currency", required: false, table: "currency", lookup: CodeTables.currency)
        if let currency, currency != "142" {
            cursor.child("currency").invalid("customs takes payments in CNY only (customs code 142)")
        }
        let paidAt = cursor.timestamp("paidAt")
        let note = cursor.string("note", required: false, maxLength: 1000)
        let exchange = cursor.object("exchange", required: false).flatMap(PaymentExchange.read)
        guard let provider, let transaction, let orderNo, let payer, let amount, let paidAt else { return nil }
        var record = PaymentRecord(
            provider: provider, transactionId: transaction, orderNo: orderNo, payer: payer, amount: amount, paidAt: paidAt, note: note)
        record.exchange = exchange
        return record
    }
}
