public import Foundation

/// The declaring agent's view of a parcel: becomes a CEB621 import inventory. Everything the
/// order and waybill already say (buyer, goods names, prices, weights) is taken from them unless
/// given here; what only customs asks for (HS codes, legal units, account-book items) is given here.
public struct InventoryRecord: Sendable, Hashable {
    public struct Item: Sendable, Hashable {
        /// The order line this goods line declares (defaults to its position, from 1).
        public var gnum: Int?
        /// The bonded account-book item number (1210).
        public var itemRecordNo: String?
        /// The 10-digit HS code.
        public var hsCode: String
        public var name: String?
        public var spec: String?
        public var quantity: Decimal?
        public var price: Decimal?
        public var unit: String?
        public var legalQuantity: Decimal
        public var legalUnit: String
        public var secondQuantity: Decimal?
        public var secondUnit: String?
        public var tradeCountry: String?
        public var note: String?
    }

    public struct Transport: Sendable, Hashable {
        public var mode: String?
        public var vehicle: String?
        public var voyage: String?
        public var billNo: String?
    }

    public var copNo: String?
    public var tradeMode: String?
    public var declaredOn: String?
    public var importedOn: String?
    public var grossWeight: Decimal?
    public var netWeight: Decimal
    public var insuredFee: Decimal?
    public var wrapType: String?
    public var departureCountry: String?
    public var transport: Transport
    public var emsNo: String?
    public var loctNo: String?
    public var licenseNo: String?
    /// The buyer as the agent has it; must match the order's when given.
    public var buyer: PersonRecord?
    public var items: [Item]
    public var note: String?

    static func read(_ cursor: FieldCursor) -> InventoryRecord? {
        guard cursor.expectObject() else { return nil }
        let copNo = cursor.string("copNo", required: false, maxLength: 20)
        let tradeMode = cursor.string("tradeMode", required: false)
        if let tradeMode, tradeMode != "1210", tradeMode != "9610" {
            cursor.child("tradeMode").invalid("'\(tradeMode)' is not an import trade mode swgate declares (1210 bonded, 9610 direct)")
        }
        let declaredOn = cursor.date("declaredOn", required: false)
        let importedOn = cursor.date("importedOn", required: false)
        let gross = cursor.decimal("grossWeight", required: false)
        let net = cursor.decimal("netWeight")
        let insured = cursor.decimal("insuredFee", required: false)
        let wrapType = cursor.code("wrapType", required: false, table: "wrap-type", lookup: CodeTables.wrapType)
        let departure = cursor.code("departureCountry", required: false, table: "country", lookup: CodeTables.country)
        var transport = Transport()
        if let transportCursor = cursor.object("transport", required: false) {
            transport.mode = transportCursor.code("mode", required: false, table: "transport-mode", lookup: CodeTables.transportMode)
            transport.vehicle = transportCursor.string("vehicle", required: false, maxLength: 100)
            transport.voyage = transportCursor.string("voyage", required: false, maxLength: 32)
            transport.billNo = transportCursor.string("billNo", required: false, maxLength: 37)
        }
        let emsNo = cursor.string("emsNo", required: false, maxLength: 30)
        let loctNo = cursor.string("loctNo", required: false, maxLength: 10)
        let licenseNo = cursor.string("licenseNo", required: false, maxLength: 19)
        let buyer = cursor.object("buyer", required: false).flatMap { PersonRecord.read($0, needsPhone: false) }
        let note = cursor.string("note", required: false, maxLength: 1000)
        var items: [Item] = []
        var itemsValid = true
        for itemCursor in cursor.array("items") ?? [] {
            guard itemCursor.expectObject() else {
                itemsValid = false
                continue
            }
            let gnum = itemCursor.int("gnum", required: false)
            let record = itemCursor.string("itemRecordNo", required: false, maxLength: 30)
            let hs = itemCursor.string("hsCode")
            let name = itemCursor.string("name", required: false, maxLength: 250)
            let spec = itemCursor.string("spec", required: false, maxLength: 510)
            let quantity = itemCursor.decimal("quantity", required: false)
            let price = itemCursor.decimal("price", required: false)
            let unit = itemCursor.code("unit", required: false, table: "unit", lookup: CodeTables.unit)
            let legalQuantity = itemCursor.decimal("legalQuantity")
            let legalUnit = itemCursor.code("legalUnit", table: "unit", lookup: CodeTables.unit)
            let secondQuantity = itemCursor.decimal("secondQuantity", required: false)
            let secondUnit = itemCursor.code("secondUnit", required: false, table: "unit", lookup: CodeTables.unit)
            // The unit alone says nothing; the quantity alone takes its unit from the account book
            // (bonded) — a direct-mail line without a book needs both (checked with the parcel).
            if secondQuantity == nil, secondUnit != nil {
                itemCursor.child("secondQuantity").invalid("secondUnit needs its secondQuantity")
            }
            let tradeCountry = itemCursor.code("tradeCountry", required: false, table: "country", lookup: CodeTables.country)
            let itemNote = itemCursor.string("note", required: false, maxLength: 1000)
            guard let hs, let legalQuantity, let legalUnit else {
                itemsValid = false
                continue
            }
            items.append(
                Item(
                    gnum: gnum, itemRecordNo: record, hsCode: hs, name: name, spec: spec, quantity: quantity, price: price, unit: unit,
                    legalQuantity: legalQuantity, legalUnit: legalUnit, secondQuantity: secondQuantity, secondUnit: secondUnit,
                    tradeCountry: tradeCountry, note: itemNote
                )
            )
        }
        guard let net, itemsValid, !items.isEmpty else { return nil }
        return InventoryRecord(
            copNo: copNo, tradeMode: tradeMode, declaredOn: declaredOn, importedOn: importedOn, grossWeight: gross, netWeight: net,
            insuredFee: insured, wrapType: wrapType, departureCountry: departure, transport: transport, emsNo: emsNo, loctNo: loctNo,
            licenseNo: licenseNo, buyer: buyer, items: items, note: note
        )
    }
}
