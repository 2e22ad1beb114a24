/// Writes ``XMLNode`` trees back out as XML text.
///
/// Used for the parts of a message swgate carries without modelling them field by field: an
/// existing `ds:Signature`, or the free-form payload of an `ExtendMessage`.
public enum XMLWriter {
    /// Appends `node` to `output`. Namespace prefixes are declared where the namespace first
    /// differs from `inheritedNamespace`, so the subtree stays self-contained.
    public static func append(
        _ node: XMLNode,
        to output: inout String,
        inheritedNamespace: String? = nil,
        preferredPrefixes: [String: String] = [:]
    ) {
        let prefix = node.namespace.flatMap { preferredPrefixes[$0] } ?? node.prefix
        let qualified = prefix.map { "\($0):\(node.name)" } ?? node.name
        output += "<"
        output += qualified
        if node.namespace != inheritedNamespace {
            if let namespace = node.namespace {
                output += prefix.map { " xmlns:\($0)=\"" } ?? " xmlns=\""
                XMLEscaping.appendAttribute(namespace, to: &output)
                output += "\""
            } else if inheritedNamespace != nil, prefix == nil {
                output += " xmlns=\"\""
            }
        }
        for attribute in node.attributes {
            output += " "
            if let attributePrefix = attribute.prefix { output += "\(attributePrefix):" }
            output += attribute.name
            output += "=\""
            XMLEscaping.appendAttribute(attribute.value, to: &output)
            output += "\""
        }
        if node.children.isEmpty && node.text.isEmpty {
            output += "></\(qualified)>"
            return
        }
        output += ">"
        if node.children.isEmpty {
            XMLEscaping.appendText(node.text, to: &output)
        } else {
            for child in node.children {
                append(child, to: &output, inheritedNamespace: node.namespace, preferredPrefixes: preferredPrefixes)
            }
        }
        output += "</\(qualified)>"
    }
}
