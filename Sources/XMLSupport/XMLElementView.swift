import CLibXML2
package import Foundation

/// An element of a libxml2 document, read where it lies: for documents read once and dropped —
/// an envelope taken apart, a receipt's answers copied out — a detached tree of every element
/// would be built only to be thrown away.
///
/// Valid only inside the closure of ``XMLDocumentParser/withRootElement(_:limits:_:)`` that
/// lends it: the document is freed afterwards, so a view must never be kept.
package struct XMLElementView: XMLElementReading {
    let node: xmlNodePtr

    package var name: String {
        XMLTreeBuilder.string(node.pointee.name) ?? ""
    }

    package var namespace: String? {
        node.pointee.ns.flatMap { XMLTreeBuilder.string($0.pointee.href) }
    }

    package var line: Int {
        Int(xmlGetLineNo(node))
    }

    package var children: [XMLElementView] {
        var elements: [XMLElementView] = []
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { elements.append(XMLElementView(node: current)) }
            child = current.pointee.next
        }
        return elements
    }

    package var text: String {
        XMLTreeBuilder.keptText(of: node) ?? ""
    }

    package func hasName(_ name: String) -> Bool {
        Self.equal(node.pointee.name, name)
    }

    package func isInNamespace(_ uri: String?) -> Bool {
        guard let href = node.pointee.ns?.pointee.href else { return uri == nil }
        guard let uri else { return false }
        return Self.equal(href, uri)
    }

    /// Whether libxml2's NUL-terminated string holds exactly the bytes of `string`.
    private static func equal(_ own: UnsafePointer<xmlChar>?, _ string: String) -> Bool {
        guard let own else { return string.isEmpty }
        var wanted = string
        return wanted.withUTF8 { bytes in
            Int(xmlStrlen(own)) == bytes.count && (bytes.baseAddress.map { memcmp(own, $0, bytes.count) == 0 } ?? true)
        }
    }

    /// A single text child (as the `Data` of an envelope has) is decoded from libxml2's own bytes
    /// when it is plain Base64; any other text is decoded as ``XMLElementReading`` does.
    package var base64Text: Data? {
        if let child = node.pointee.children, child.pointee.next == nil,
            child.pointee.type == XML_TEXT_NODE || child.pointee.type == XML_CDATA_SECTION_NODE,
            let content = child.pointee.content,
            let decoded = Base64Bytes.decodePlain(UnsafeBufferPointer(start: content, count: Int(xmlStrlen(content))))
        {
            return decoded
        }
        return Data(base64Encoded: text, options: .ignoreUnknownCharacters)
    }

    package func attribute(_ name: String) -> String? {
        var attribute = node.pointee.properties
        while let current = attribute {
            if XMLTreeBuilder.string(current.pointee.name) == name {
                return current.pointee.children.flatMap { XMLTreeBuilder.string($0.pointee.content) } ?? ""
            }
            attribute = current.pointee.next
        }
        return nil
    }

    package var tree: XMLNode {
        XMLTreeBuilder.build(node)
    }
}

extension XMLDocumentParser {
    /// Parses `data` as ``parse(_:limits:)`` does and lends its root element to `body` as a view
    /// (the same elements, names, text and lines as the tree `parse` returns).
    package static func withRootElement<T>(
        _ data: Data, limits: XMLParseLimits = .default, _ body: (XMLElementView) throws(XMLParseError) -> T
    ) throws(XMLParseError) -> T {
        try withDocument(data, limits: limits, options: options | Int32(XML_PARSE_NOBLANKS.rawValue)) {
            (document) throws(XMLParseError) -> T in
            guard let root = xmlDocGetRootElement(document) else {
                throw XMLParseError(reason: .malformed, message: "the document has no root element")
            }
            return try body(XMLElementView(node: root))
        }
    }
}
