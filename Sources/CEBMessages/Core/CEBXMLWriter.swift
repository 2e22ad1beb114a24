public import Foundation
public import XMLSupport

/// Writes customs messages: UTF-8, every element with the `ceb:` prefix, one namespace declaration
/// on the root, one element per line indented by tabs.
///
/// The output is deterministic — the same message value always gives the same bytes — which the
/// outbox relies on (payloads are stored once, by hash) and signing requires (the signed bytes are
/// the sent bytes).
public struct CEBXMLWriter {
    /// The document so far, as UTF-8 bytes: appended to as bytes, since every field of every
    /// message and receipt passes here, and a String's append keeps count and ASCII flags for each.
    public private(set) var bytes: [UInt8] = []
    private var depth = 0

    public init(capacity: Int = 4096) {
        bytes.reserveCapacity(capacity)
        append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
    }

    /// Opens the root element with its `guid` and `version` attributes and the namespace declaration.
    public mutating func openRoot(_ name: String, guid: String, version: String) {
        append("<ceb:")
        append(name)
        append(" guid=\"")
        XMLEscaping.appendAttribute(guid, to: &bytes)
        append("\" version=\"")
        XMLEscaping.appendAttribute(version, to: &bytes)
        append("\" xmlns:ceb=\"")
        append(CEBNamespace.ceb)
        append("\">\n")
        depth = 1
    }

    // Tags are appended piece by piece, never interpolated: an interpolated tag is a new string
    // to allocate and copy.

    public mutating func closeRoot(_ name: String) {
        closingTag(name)
        depth = 0
    }

    public mutating func open(_ name: String) {
        indent()
        append("<ceb:")
        append(name)
        append(">\n")
        depth += 1
    }

    public mutating func close(_ name: String) {
        depth -= 1
        indent()
        closingTag(name)
    }

    public mutating func field(_ name: String, _ value: String) {
        indent()
        append("<ceb:")
        append(name)
        bytes.append(UInt8(ascii: ">"))
        XMLEscaping.appendText(value, to: &bytes)
        closingTag(name)
    }

    public mutating func field(_ name: String, _ value: String?) {
        if let value { field(name, value) }
    }

    public mutating func field(_ name: String, _ value: Decimal) {
        field(name, CEBDecimal.string(value))
    }

    public mutating func field(_ name: String, _ value: Decimal?) {
        if let value { field(name, CEBDecimal.string(value)) }
    }

    public mutating func field(_ name: String, _ value: Int) {
        field(name, String(value))
    }

    public mutating func field(_ name: String, _ value: Int?) {
        if let value { field(name, String(value)) }
    }

    /// Writes a subtree kept as a tree (a signature, an extension payload).
    public mutating func node(_ node: XMLNode) {
        indent()
        var text = ""
        XMLWriter.append(
            node,
            to: &text,
            inheritedNamespace: nil,
            preferredPrefixes: [CEBNamespace.ceb: "ceb", CEBNamespace.xmldsig: "ds"]
        )
        append(text)
        bytes.append(UInt8(ascii: "\n"))
    }

    /// A field whose content is a subtree in the `ceb` namespace (`ExtendMessage/Message`).
    public mutating func field(_ name: String, _ value: XMLNode) {
        var element = value
        element.name = name
        element.namespace = CEBNamespace.ceb
        element.prefix = "ceb"
        indent()
        var text = ""
        XMLWriter.append(
            element,
            to: &text,
            inheritedNamespace: CEBNamespace.ceb,
            preferredPrefixes: [CEBNamespace.ceb: "ceb", CEBNamespace.xmldsig: "ds"]
        )
        append(text)
        bytes.append(UInt8(ascii: "\n"))
    }

    private mutating func append(_ text: String) {
        bytes += text.utf8
    }

    private mutating func closingTag(_ name: String) {
        append("</ceb:")
        append(name)
        append(">\n")
    }

    private mutating func indent() {
        bytes.append(contentsOf: repeatElement(UInt8(ascii: "\t"), count: depth))
    }
}
