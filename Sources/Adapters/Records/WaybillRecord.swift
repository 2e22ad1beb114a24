public import Foundation

/// A carrier's parcel record: becomes a CEB511 waybill.
public struct WaybillRecord: Sendable, Hashable {
    /// The carrier, by its short name in the profile's `carriers`.
    public var carrier: String
    public var waybillNo: String
    public var orderNo: String
    /// Master air waybill or bill of lading.
    public var billNo: String?
    public var freight: Decimal?
    public var insuredFee: Decimal?
    /// Gross weight in kilograms.
    public var weight: Decimal
    public var goodsInfo: String?
    /// The consignee as the carrier has it; taken from the order when absent.
    public var consignee: ConsigneeRecord?
    public var note: String?

    static func read(_ cursor: FieldCursor, orderNo fallbackOrderNo: String?) -> WaybillRecord? {
        guard cursor.expectObject() else { return nil }
        let carrier = cursor.string("carrier")
        let waybillNo = cursor.string("waybillNo", maxLength: 60)
        let orderNo = cursor.string("orderNo", required: fallbackOrderNo == nil, maxLength: 60) ?? fallbackOrderNo
        let billNo = cursor.string("billNo", required: false, maxLength: 37)
        let freight = cursor.decimal("freight", required: false)
        let insured = cursor.decimal("insuredFee", required: false)
        let weight = cursor.decimal("weight")
        if let weight, weight <= 0 { cursor.child("weight").invalid("must be more than zero kilograms") }
        if let packages = cursor.int("packages", required: false), packages != 1 {
            cursor.child("packages").invalid("customs requires exactly one package per waybill")
        }
        let goodsInfo = cursor.string("goodsInfo", required: false, maxLength: 200)
        let consignee = cursor.object("consignee", required: false).flatMap(ConsigneeRecord.read)
        let note = cursor.string("note", required: false, maxLength: 1000)
        guard let carrier, let waybillNo, let orderNo, let weight else { return nil }
        return WaybillRecord(
            carrier: carrier, waybillNo: waybillNo, orderNo: orderNo, billNo: billNo, freight: freight, insuredFee: insured,
            weight: weight, goodsInfo: goodsInfo, consignee: consignee, note: note
        )
    }
}
