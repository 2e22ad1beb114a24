// Generated from the 202205 field tables; edit with care (field order is the schema's).
public import Foundation
public import XMLSupport

/// One goods line of an import inventory (CEB621); maps 1:1 to the order line with the same gnum.
public struct InventoryList: CEBElement {
    public static let elementName = "InventoryList"

    /// line number from 1 (int)
    public var gnum: Int
    /// bonded account item record no. (string(..30), optional)
    public var itemRecordNo: String?
    /// enterprise SKU (string(..20), optional)
    public var itemNo: String?
    /// goods Chinese name on platform (string(..250), optional)
    public var itemName: String?
    /// 10-digit HS code (string(10))
    public var gcode: String
    /// goods name (must equal order) (string(..250) min1)
    public var gname: String
    /// spec/model (brand, spec, composition...) (string(..510) min1)
    public var gmodel: String
    /// barcode (string(..50), optional)
    public var barCode: String?
    /// country code (JGS-20) (string(3))
    public var country: String
    /// trading country (string(..3) min1, optional)
    public var tradeCountry: String?
    /// currency code, fixed 142 (CNY) (string(3))
    public var currency: String
    /// quantity (decimal(19,5))
    public var qty: Decimal
    /// unit code (JGS-20) (string(3))
    public var unit: String
    /// legal (first) quantity (decimal(19,5))
    public var qty1: Decimal
    /// legal unit (string(3))
    public var unit1: String
    /// second quantity (decimal(19,5), optional)
    public var qty2: Decimal?
    /// second unit (string(3), optional)
    public var unit2: String?
    /// unit price (decimal(19,5))
    public var price: Decimal
    /// line total = price*qty (decimal(19,5))
    public var totalPrice: Decimal
    /// remark (string(..1000), optional)
    public var note: String?

    public init(
        gnum: Int,
        itemRecordNo: String? = nil,
        itemNo: String? = nil,
        itemName: String? = nil,
        gcode: String,
        gname: String,
        gmodel: String,
        barCode: String? = nil,
        country: String,
        tradeCountry: String? = nil,
        currency: String,
        qty: Decimal,
        unit: String,
        qty1: Decimal,
        unit1: String,
        qty2: Decimal? = nil,
        unit2: String? = nil,
        price: Decimal,
        totalPrice: Decimal,
        note: String? = nil
    ) {
        self.gnum = gnum
        self.itemRecordNo = itemRecordNo
        self.itemNo = itemNo
        self.itemName = itemName
        self.gcode = gcode
        self.gname = gname
        self.gmodel = gmodel
        self.barCode = barCode
        self.country = country
        self.tradeCountry = tradeCountry
        self.currency = currency
        self.qty = qty
        self.unit = unit
        self.qty1 = qty1
        self.unit1 = unit1
        self.qty2 = qty2
        self.unit2 = unit2
        self.price = price
        self.totalPrice = totalPrice
        self.note = note
    }

    public init(node: XMLNode, path: String) throws(CEBDecodingError) {
        let fields = FieldReader(node, path: path)
        gnum = try fields.int("gnum")
        itemRecordNo = fields.optionalString("itemRecordNo")
        itemNo = fields.optionalString("itemNo")
        itemName = fields.optionalString("itemName")
        gcode = try fields.string("gcode")
        gname = try fields.string("gname")
        gmodel = try fields.string("gmodel")
        barCode = fields.optionalString("barCode")
        country = try fields.string("country")
        tradeCountry = fields.optionalString("tradeCountry")
        currency = try fields.string("currency")
        qty = try fields.decimal("qty")
        unit = try fields.string("unit")
        qty1 = try fields.decimal("qty1")
        unit1 = try fields.string("unit1")
        qty2 = try fields.optionalDecimal("qty2")
        unit2 = fields.optionalString("unit2")
        price = try fields.decimal("price")
        totalPrice = try fields.decimal("totalPrice")
        note = fields.optionalString("note")
    }

    public func write(to writer: inout CEBXMLWriter) {
        writer.open("InventoryList")
        writer.field("gnum", gnum)
        writer.field("itemRecordNo", itemRecordNo)
        writer.field("itemNo", itemNo)
        writer.field("itemName", itemName)
        writer.field("gcode", gcode)
        writer.field("gname", gname)
        writer.field("gmodel", gmodel)
        writer.field("barCode", barCode)
        writer.field("country", country)
        writer.field("tradeCountry", tradeCountry)
        writer.field("currency", currency)
        writer.field("qty", qty)
        writer.field("unit", unit)
        writer.field("qty1", qty1)
        writer.field("unit1", unit1)
        writer.field("qty2", qty2)
        writer.field("unit2", unit2)
        writer.field("price", price)
        writer.field("totalPrice", totalPrice)
        writer.field("note", note)
        writer.close("InventoryList")
    }
}
