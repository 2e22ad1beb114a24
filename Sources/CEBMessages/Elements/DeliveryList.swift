// Generated from the 202205 field tables; edit with care (field order is the schema's).
public import XMLSupport

/// One parcel of a warehouse entry list (CEB711).
public struct DeliveryList: CEBElement {
    public static let elementName = "DeliveryList"

    /// line number from 1 (int)
    public var gnum: Int
    /// waybill (parcel) number, unique per carrier for 6 months (string(..60) min1)
    public var logisticsNo: String
    /// remark (string(..1000), optional)
    public var note: String?

    public init(
        gnum: Int,
        logisticsNo: String,
        note: String? = nil
    ) {
        self.gnum = gnum
        self.logisticsNo = logisticsNo
        self.note = note
    }

    public init(node: XMLNode, path: String) throws(CEBDecodingError) {
        let fields = FieldReader(node, path: path)
        gnum = try fields.int("gnum")
        logisticsNo = try fields.string("logisticsNo")
        note = fields.optionalString("note")
    }

    public func write(to writer: inout CEBXMLWriter) {
        writer.open("DeliveryList")
        writer.field("gnum", gnum)
        writer.field("logisticsNo", logisticsNo)
        writer.field("note", note)
        writer.close("DeliveryList")
    }
}
