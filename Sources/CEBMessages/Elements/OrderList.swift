// Generated from the 202205 field tables; edit with care (field order is the schema's).
public import Foundation
public import XMLSupport

/// One goods line of an electronic order (CEB311).
public struct OrderList: CEBElement {
    public static let elementName = "OrderList"

    /// line number from 1 (int)
    public var gnum: Int
    /// enterprise SKU (string(..30), optional)
    public var itemNo: String?
    /// goods Chinese name on platform (string(..250) min1)
    public var itemName: String
    /// spec/model (brand, spec, composition...) (string(..510) min1)
    public var gmodel: String
    /// goods description (string(..1000), optional)
    public var itemDescribe: String?
    /// barcode (string(..50), optional)
    public var barCode: String?
    /// unit code (JGS-20) (string(3))
    public var unit: String
    /// quantity (decimal(19,5))
    public var qty: Decimal
    /// unit price (decimal(19,5))
    public var price: Decimal
    /// line total = price*qty (decimal(19,5))
    public var totalPrice: Decimal
    /// currency code, fixed 142 (CNY) (string(3))
    public var currency: String
    /// country code (JGS-20) (string(3))
    public var country: String
    /// remark (string(..1000), optional)
    public var note: String?

    public init(
        gnum: Int,
        itemNo: String? = nil,
        itemName: String,
        gmodel: String,
        itemDescribe: String? = nil,
        barCode: String? = nil,
        unit: String,
        qty: Decimal,
        price: Decimal,
        totalPrice: Decimal,
        currency: String,
        country: String,
        note: String? = nil
    ) {
        self.gnum = gnum
        self.itemNo = itemNo
        self.itemName = itemName
        self.gmodel = gmodel
        self.itemDescribe = itemDescribe
        self.barCode = barCode
        self.unit = unit
        self.qty = qty
        self.price = price
        self.totalPrice = totalPrice
        self.currency = currency
        self.country = country
        self.note = note
    }

    public init(node: XMLNode, path: String) throws(CEBDecodingError) {
        let fields = FieldReader(node, path: path)
        gnum = try fields.int("gnum")
        itemNo = fields.optionalString("itemNo")
        itemName = try fields.string("itemName")
        gmodel = try fields.string("gmodel")
        itemDescribe = fields.optionalString("itemDescribe")
        barCode = fields.optionalString("barCode")
        unit = try fields.string("unit")
        qty = try fields.decimal("qty")
        price = try fields.decimal("price")
        totalPrice = try fields.decimal("totalPrice")
        currency = try fields.string("currency")
        country = try fields.string("country")
        note = fields.optionalString("note")
    }

    public func write(to writer: inout CEBXMLWriter) {
        writer.open("OrderList")
        writer.field("gnum", gnum)
        writer.field("itemNo", itemNo)
        writer.field("itemName", itemName)
        writer.field("gmodel", gmodel)
        writer.field("itemDescribe", itemDescribe)
        writer.field("barCode", barCode)
        writer.field("unit", unit)
        writer.field("qty", qty)
        writer.field("price", price)
        writer.field("totalPrice", totalPrice)
        writer.field("currency", currency)
        writer.field("country", country)
        writer.field("note", note)
        writer.close("OrderList")
    }
}
