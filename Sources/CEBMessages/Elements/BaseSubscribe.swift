// Generated from the 202205 field tables; edit with care (field order is the schema's).
public import XMLSupport

/// A third party that subscribes to a declaration's data or receipts.
public struct BaseSubscribe: CEBElement {
    public static let elementName = "BaseSubscribe"

    /// status (string(..100))
    public var status: String
    /// fixed DXP (string(3))
    public var dxpMode: String
    /// subscriber DXP id (string(..100))
    public var dxpAddress: String
    /// remark (string(..1000), optional)
    public var note: String?

    public init(
        status: String,
        dxpMode: String,
        dxpAddress: String,
        note: String? = nil
    ) {
        self.status = status
        self.dxpMode = dxpMode
        self.dxpAddress = dxpAddress
        self.note = note
    }

    public init(node: XMLNode, path: String) throws(CEBDecodingError) {
        let fields = FieldReader(node, path: path)
        status = try fields.string("status")
        dxpMode = try fields.string("dxpMode")
        dxpAddress = try fields.string("dxpAddress")
        note = fields.optionalString("note")
    }

    public func write(to writer: inout CEBXMLWriter) {
        writer.open("BaseSubscribe")
        writer.field("status", status)
        writer.field("dxpMode", dxpMode)
        writer.field("dxpAddress", dxpAddress)
        writer.field("note", note)
        writer.close("BaseSubscribe")
    }
}
