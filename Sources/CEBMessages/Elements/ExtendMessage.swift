// Generated from the 202205 field tables; edit with care (field order is the schema's).
public import XMLSupport

/// A custom extension payload of a declaration.
public struct ExtendMessage: CEBElement {
    public static let elementName = "ExtendMessage"

    /// custom message name (string(..30))
    public var name: String
    /// custom message version (string(..30))
    public var version: String
    /// custom payload (any XML) (ceb:XMLElement)
    public var message: XMLNode

    public init(
        name: String,
        version: String,
        message: XMLNode
    ) {
        self.name = name
        self.version = version
        self.message = message
    }

    public init(node: XMLNode, path: String) throws(CEBDecodingError) {
        let fields = FieldReader(node, path: path)
        name = try fields.string("name")
        version = try fields.string("version")
        message = try fields.element("Message")
    }

    public func write(to writer: inout CEBXMLWriter) {
        writer.open("ExtendMessage")
        writer.field("name", name)
        writer.field("version", version)
        writer.field("Message", message)
        writer.close("ExtendMessage")
    }
}
