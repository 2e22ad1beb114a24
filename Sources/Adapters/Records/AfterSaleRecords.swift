public import Foundation

/// A request to cancel a declared inventory: becomes a CEB623.
public struct CancellationRecord: Sendable, Hashable {
    public var orderNo: String
    /// The customs inventory number from the CEB622 receipt.
    public var invtNo: String
    public var carrier: String
    public var waybillNo: String
    public var copNo: String?
    public var preNo: String?
    public var buyer: PersonRecord
    public var reason: String
    public var note: String?

    static func read(_ cursor: FieldCursor) -> CancellationRecord? {
        guard cursor.expectObject(), let head = AfterSaleFields.read(cursor) else { return nil }
        return CancellationRecord(
            orderNo: head.orderNo, invtNo: head.invtNo, carrier: head.carrier, waybillNo: head.waybillNo, copNo: head.copNo,
            preNo: head.preNo,
            buyer: head.buyer, reason: head.reason, note: head.note
        )
    }
}

/// A return of released goods: becomes a CEB625.
public struct ReturnRecord: Sendable, Hashable {
    public struct Item: Sendable, Hashable {
        public var gnum: Int
        public var hsCode: String
        public var name: String
        public var quantity: Decimal
        public var unit: String
        public var note: String?
    }

    public var orderNo: String
    public var invtNo: String
    public var carrier: String
    public var waybillNo: String
    public var copNo: String?
    public var preNo: String?
    public var buyer: PersonRecord
    public var reason: String
    public var items: [Item]
    public var note: String?

    static func read(_ cursor: FieldCursor) -> ReturnRecord? {
        guard cursor.expectObject() else { return nil }
        let head = AfterSaleFields.read(cursor)
        var items: [Item] = []
        var valid = true
        for item in cursor.array("items") ?? [] {
            guard item.expectObject() else {
                valid = false
                continue
            }
            let gnum = item.int("gnum")
            let hs = item.string("hsCode")
            let name = item.string("name", maxLength: 250)
            let quantity = item.decimal("quantity")
            let unit = item.code("unit", table: "unit", lookup: CodeTables.unit)
            let itemNote = item.string("note", required: false, maxLength: 1000)
            guard let gnum, let hs, let name, let quantity, let unit else {
                valid = false
                continue
            }
            items.append(Item(gnum: gnum, hsCode: hs, name: name, quantity: quantity, unit: unit, note: itemNote))
        }
        guard let head, valid, !items.isEmpty else { return nil }
        return ReturnRecord(
            orderNo: head.orderNo, invtNo: head.invtNo, carrier: head.carrier, waybillNo: head.waybillNo, copNo: head.copNo,
            preNo: head.preNo,
            buyer: head.buyer, reason: head.reason, items: items, note: head.note
        )
    }
}

/// The fields a cancellation and a return share: which inventory, which parcel, whose, and why.
/// Read once for both, so that both check them alike.
struct AfterSaleFields {
    var orderNo: String
    var invtNo: String
    var carrier: String
    var waybillNo: String
    var copNo: String?
    var preNo: String?
    var buyer: PersonRecord
    var reason: String
    var note: String?

    /// The form customs gives an inventory number: office (4 digits), year (4), I or E, 9 digits.
    static func isCustomsInventoryNumber(_ text: String) -> Bool {
        let characters = Array(text)
        guard characters.count == 18, characters[8] == "I" || characters[8] == "E" else { return false }
        return characters[0..<8].allSatisfy { $0.isASCII && $0.isNumber } && characters[9...].allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// Reports every missing or malformed field; nil when any required one is unusable.
    static func read(_ cursor: FieldCursor) -> AfterSaleFields? {
        let orderNo = cursor.string("orderNo", maxLength: 60)
        let invtNo = cursor.string("invtNo", maxLength: 18)
        let carrier = cursor.string("carrier")
        let waybillNo = cursor.string("waybillNo", maxLength: 60)
        let copNo = cursor.string("copNo", required: false, maxLength: 20)
        let preNo = cursor.string("preNo", required: false, maxLength: 18)
        let buyer = cursor.object("buyer").flatMap { PersonRecord.read($0, needsPhone: true) }
        let reason = cursor.string("reason", maxLength: 1000)
        let note = cursor.string("note", required: false, maxLength: 1000)
        if let invtNo, !Self.isCustomsInventoryNumber(invtNo) {
            cursor.log.report(
                "aftersale.invt-no", record: cursor.record, path: cursor.child("invtNo").path,
                "'\(invtNo)' is not a customs inventory number: 4-digit customs office, 4-digit year, I (import) and 9 digits, e.g. 29912026I000000123"
            )
        }
        guard let orderNo, let invtNo, let carrier, let waybillNo, let buyer, let reason else { return nil }
        return AfterSaleFields(
            orderNo: orderNo, invtNo: invtNo, carrier: carrier, waybillNo: waybillNo, copNo: copNo, preNo: preNo, buyer: buyer,
            reason: reason, note: note)
    }
}
