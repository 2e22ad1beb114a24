// Generated from the 202205 field tables; edit with care (field order is the schema's).
public import XMLSupport

/// The transmitting enterprise and its DXP id; required once in every declaration.
public struct BaseTransfer: CEBElement {
    public static let elementName = "BaseTransfer"

    /// transmitting enterprise code (must match client identity) (string(..18) min1)
    public var copCode: String
    /// transmitting enterprise name (string(..100))
    public var copName: String
    /// fixed DXP (string(3))
    public var dxpMode: String
    /// DXP user id assigned by E-Port data centre (string(..30))
    public var dxpId: String
    /// remark (string(..1000), optional)
    public var note: String?

    public init(
        copCode: String,
        copName: String,
        dxpMode: String,
        dxpId: String,
        note: String? = nil
    ) {
        self.copCode = copCode
        self.copName = copName
        self.dxpMode = dxpMode
        self.dxpId = dxpId
        self.note = note
    }

    public init(node: XMLNode, path: String) throws(CEBDecodingError) {
        let fields = FieldReader(node, path: path)
        copCode = try fields.string("copCode")
        copName = try fields.string("copName")
        dxpMode = try fields.string("dxpMode")
        dxpId = try fields.string("dxpId")
        note = fields.optionalString("note")
    }

    public func write(to writer: inout CEBXMLWriter) {
        writer.open("BaseTransfer")
        writer.field("copCode", copCode)
        writer.field("copName", copName)
        writer.field("dxpMode", dxpMode)
        writer.field("dxpId", dxpId)
        writer.field("note", note)
        writer.close("BaseTransfer")
    }
}
