package import CLibXML2

/// Copies a libxml2 element subtree into ``XMLNode`` values.
package enum XMLTreeBuilder {
    package static func build(_ element: xmlNodePtr) -> XMLNode {
        var node = XMLNode(
            name: string(element.pointee.name) ?? "",
            namespace: element.pointee.ns.flatMap { string($0.pointee.href) },
            prefix: element.pointee.ns.flatMap { string($0.pointee.prefix) },
            line: Int(xmlGetLineNo(element))
        )
        var attribute = element.pointee.properties
        while let current = attribute {
            let value = current.pointee.children.flatMap { string($0.pointee.content) } ?? ""
            node.attributes.append(
                XMLAttribute(
                    name: string(current.pointee.name) ?? "",
                    namespace: current.pointee.ns.flatMap { string($0.pointee.href) },
                    prefix: current.pointee.ns.flatMap { string($0.pointee.prefix) },
                    value: value
                )
            )
            attribute = current.pointee.next
        }
        var child = element.pointee.children
        var text = ""
        while let current = child {
            switch current.pointee.type {
            case XML_ELEMENT_NODE:
                node.children.append(build(current))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = string(current.pointee.content) { text += content }
            default:
                break
            }
            child = current.pointee.next
        }
        // Between child elements, text is only indentation; keep text for leaves (and mixed content).
        if node.children.isEmpty || text.contains(where: { !$0.isWhitespace }) {
            node.text = text
        }
        return node
    }

    package static func string(_ pointer: UnsafePointer<xmlChar>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    package static func string(_ pointer: UnsafeMutablePointer<xmlChar>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }
}
