/// The Swift source of one CEB element: a value type that reads itself from an XML node and writes
/// itself in the schema's field order. Every file under `Sources/CEBMessages/Elements` is this
/// function's output for one row of the table, byte for byte (a test holds it so).
public enum ElementSource {
    public static func render(_ element: ElementTable.Element) -> String {
        let fields = element.fields
        var out = "// Generated from the 202205 field tables; edit with care (field order is the schema's).\n"
        if fields.contains(where: { $0.type.hasPrefix("Decimal") }) { out += "public import Foundation\n" }
        out += "public import XMLSupport\n\n"
        out += "/// \(element.doc)\n"
        out += "public struct \(element.name): CEBElement {\n"
        out += "    public static let elementName = \"\(element.name)\"\n\n"
        for field in fields {
            out += "    /// \(field.doc)\n"
            out += "    public var \(field.property): \(field.type)\n"
        }
        out += "\n    public init(\n"
        for (index, field) in fields.enumerated() {
            let defaultValue = field.type.hasSuffix("?") ? " = nil" : ""
            out += "        \(field.property): \(field.type)\(defaultValue)\(index == fields.count - 1 ? "" : ",")\n"
        }
        out += "    ) {\n"
        for field in fields { out += "        self.\(field.property) = \(field.property)\n" }
        out += "    }\n\n"
        out += "    public init(node: XMLNode, path: String) throws(CEBDecodingError) {\n"
        out += "        let fields = FieldReader(node, path: path)\n"
        for field in fields { out += "        \(field.property) = \(reader(field))(\"\(field.xmlName)\")\n" }
        out += "    }\n\n"
        out += "    public func write(to writer: inout CEBXMLWriter) {\n"
        out += "        writer.open(\"\(element.name)\")\n"
        for field in fields { out += "        writer.field(\"\(field.xmlName)\", \(field.property))\n" }
        out += "        writer.close(\"\(element.name)\")\n"
        out += "    }\n}\n"
        return out
    }

    /// The FieldReader call for a field's type; only absent optional strings cannot fail.
    static func reader(_ field: ElementTable.Field) -> String {
        switch field.type {
        case "String": "try fields.string"
        case "String?": "fields.optionalString"
        case "Decimal": "try fields.decimal"
        case "Decimal?": "try fields.optionalDecimal"
        case "Int": "try fields.int"
        default: "try fields.element"
        }
    }
}
