// Generated from the 202205 field tables; edit with care (field order is the schema's).
public import Foundation
public import XMLSupport

/// One returned goods line (CEB625).
public struct InvtRefundList: CEBElement {
    public static let elementName = "InvtRefundList"

    /// line number from 1 (int)
    public var gnum: Int
    /// 10-digit HS code (string(10))
    public var gcode: String
    /// goods name (must equal order) (string(..250) min1)
    public var gname: String
    /// quantity (decimal(19,5))
    public var qty: Decimal
    /// unit code (JGS-20) (string(3))
    public var unit: String
    /// remark (string(..1000), optional)
    public var note: String?

    public init(
        gnum: Int,
        gcode: String,
        gname: String,
        qty: Decimal,
        unit: String,
        note: String? = nil
    ) {
        self.gnum = gnum
        self.gcode = gcode
        self.gname = gname
        self.qty = qty
        self.unit = unit
        self.note = note
    }

    public init(node: XMLNode, path: String) throws(CEBDecodingError) {
        let fields = FieldReader(node, path: path)
        gnum = try fields.int("gnum")
        gcode = try fields.string("gcode")
        gname = try fields.string("gname")
        qty = try fields.decimal("qty")
        unit = try fields.string("unit")
        note = fields.optionalString("note")
    }

    public func write(to writer: inout CEBXMLWriter) {
        writer.open("InvtRefundList")
        writer.field("gnum", gnum)
        writer.field("gcode", gcode)
        writer.field("gname", gname)
        writer.field("qty", qty)
        writer.field("unit", unit)
        writer.field("note", note)
        writer.close("InvtRefundList")
    }
}
