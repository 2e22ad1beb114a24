package import CLibXML2

/// Copies a libxml2 element subtree into ``XMLNode`` values.
///
/// Every message, receipt, envelope and reply swgate reads goes through here, so it avoids work
/// per element: a document's elements share a handful of namespace declarations, whose URI and
/// prefix are turned into strings once (a namespace URI is too long for Swift's inline strings, so
/// each copy would be an allocation), and whether text between child elements is only indentation
/// is decided on its bytes (XML whitespace is four ASCII characters; `Character.isWhitespace`
/// would walk Unicode properties for each).
package enum XMLTreeBuilder {
    package static func build(_ element: xmlNodePtr) -> XMLNode {
        var namespaces = NamespaceStrings()
        return build(element, &namespaces)
    }

    private static func build(_ element: xmlNodePtr, _ namespaces: inout NamespaceStrings) -> XMLNode {
        let ns = namespaces.strings(element.pointee.ns)
        var node = XMLNode(
            name: string(element.pointee.name) ?? "",
            namespace: ns.href,
            prefix: ns.prefix,
            line: Int(xmlGetLineNo(element))
        )
        var attribute = element.pointee.properties
        while let current = attribute {
            let value = current.pointee.children.flatMap { string($0.pointee.content) } ?? ""
            let attributeNS = namespaces.strings(current.pointee.ns)
            node.attributes.append(
                XMLAttribute(
                    name: string(current.pointee.name) ?? "", namespace: attributeNS.href, prefix: attributeNS.prefix, value: value)
            )
            attribute = current.pointee.next
        }
        if let text = keptText(of: element) { node.text = text }
        // Sized once: grown one append at a time, a record's thirty-odd fields would move it five times.
        var elements = 0
        var child = element.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { elements += 1 }
            child = current.pointee.next
        }
        guard elements > 0 else { return node }
        node.children.reserveCapacity(elements)
        child = element.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { node.children.append(build(current, &namespaces)) }
            child = current.pointee.next
        }
        return node
    }

    /// An element's own character data, or nil where it is only indentation between child
    /// elements: text is kept for leaves (and mixed content). Which case this is is settled before
    /// any text is copied, so that the indentation of a document parsed with its blanks (a text
    /// node beside every child) is never copied. The one rule for trees and views alike.
    static func keptText(of element: xmlNodePtr) -> String? {
        var hasElements = false
        var onlySpace = true
        var child = element.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_ELEMENT_NODE:
                hasElements = true
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if onlySpace, let content = current.pointee.content, !isSpace(content) { onlySpace = false }
            default:
                break
            }
            child = current.pointee.next
        }
        guard !hasElements || !onlySpace else { return nil }
        var text = ""
        child = element.pointee.children
        while let current = child {
            let type = current.pointee.type
            if type == XML_TEXT_NODE || type == XML_CDATA_SECTION_NODE, let content = current.pointee.content {
                text += String(cString: content)
            }
            child = current.pointee.next
        }
        return text
    }

    /// Whether a NUL-terminated string holds only XML whitespace (space, tab, line feed, carriage return).
    static func isSpace(_ pointer: UnsafePointer<xmlChar>) -> Bool {
        var cursor = pointer
        while true {
            switch cursor.pointee {
            case 0: return true
            case 0x20, 0x09, 0x0A, 0x0D: cursor += 1
            default: return false
            }
        }
    }

    static func isSpace(_ pointer: UnsafeMutablePointer<xmlChar>) -> Bool {
        isSpace(UnsafePointer(pointer))
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

/// The strings of the namespace declarations met while building one tree, by declaration.
private struct NamespaceStrings {
    private var known: [(ns: xmlNsPtr, href: String?, prefix: String?)] = []

    mutating func strings(_ ns: xmlNsPtr?) -> (href: String?, prefix: String?) {
        guard let ns else { return (nil, nil) }
        for entry in known where entry.ns == ns { return (entry.href, entry.prefix) }
        let entry = (ns: ns, href: XMLTreeBuilder.string(ns.pointee.href), prefix: XMLTreeBuilder.string(ns.pointee.prefix))
        if known.count < 16 { known.append(entry) }
        return (entry.href, entry.prefix)
    }
}
