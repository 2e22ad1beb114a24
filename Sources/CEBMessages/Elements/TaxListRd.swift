// Generated from the 202205 field tables; edit with care (field order is the schema's).
public import Foundation
public import XMLSupport

/// One line of an electronic tax bill (CEB816).
public struct TaxListRd: CEBElement {
    public static let elementName = "TaxListRd"

    /// line number from 1 (int)
    public var gnum: Int
    /// 10-digit HS code (string(10))
    public var gcode: String
    /// dutiable total price (decimal(19,5))
    public var taxPrice: Decimal
    /// customs duty (decimal(19,5))
    public var customsTax: Decimal
    /// VAT (decimal(19,5))
    public var valueAddedTax: Decimal
    /// consumption tax (decimal(19,5))
    public var consumptionTax: Decimal

    public init(
        gnum: Int,
        gcode: String,
        taxPrice: Decimal,
        customsTax: Decimal,
        valueAddedTax: Decimal,
        consumptionTax: Decimal
    ) {
        self.gnum = gnum
        self.gcode = gcode
        self.taxPrice = taxPrice
        self.customsTax = customsTax
        self.valueAddedTax = valueAddedTax
        self.consumptionTax = consumptionTax
    }

    public init(node: XMLNode, path: String) throws(CEBDecodingError) {
        let fields = FieldReader(node, path: path)
        gnum = try fields.int("gnum")
        gcode = try fields.string("gcode")
        taxPrice = try fields.decimal("taxPrice")
        customsTax = try fields.decimal("customsTax")
        valueAddedTax = try fields.decimal("valueAddedTax")
        consumptionTax = try fields.decimal("consumptionTax")
    }

    public func write(to writer: inout CEBXMLWriter) {
        writer.open("TaxListRd")
        writer.field("gnum", gnum)
        writer.field("gcode", gcode)
        writer.field("taxPrice", taxPrice)
        writer.field("customsTax", customsTax)
        writer.field("valueAddedTax", valueAddedTax)
        writer.field("consumptionTax", consumptionTax)
        writer.close("TaxListRd")
    }
}
