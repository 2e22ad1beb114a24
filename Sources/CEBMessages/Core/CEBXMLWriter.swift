public import Foundation
public import XMLSupport

/// Writes customs messages: UTF-8, every element with the `ceb:` prefix, one namespace declaration
/// on the root, one element per line indented by tabs.
///
/// The output is deterministic — the same message value always gives the same bytes — which the
/// outbox relies on (payloads are stored once, by hash) and signing requires (the signed bytes are
/// the sent bytes).
public struct CEBXMLWriter {
    public private(set) var output: String
    private var depth = 0

    public init(capacity: Int = 4096) {
        output = ""
        output.reserveCapacity(capacity)
        output += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    }

    /// Opens the root element with its `guid` and `version` attributes and the namespace declaration.
    public mutating func openRoot(_ name: String, guid: String, version: String) {
        output += "<ceb:\(name) guid=\""
        XMLEscaping.appendAttribute(guid, to: &output)
        output += "\" version=\""
        XMLEscaping.appendAttribute(version, to: &output)
        output += "\" xmlns:ceb=\"\(CEBNamespace.ceb)\">\n"
        depth = 1
    }

    // Tags are appended piece by piece, never interpolated: every field of every message and
    // receipt passes here, and an interpolated tag is a new string to allocate and copy.

    public mutating func closeRoot(_ name: String) {
        closingTag(name)
        depth = 0
    }

    public mutating func open(_ name: String) {
        indent()
        output += "<ceb:"
        output += name
        output += ">\n"
        depth += 1
    }

    public mutating func close(_ name: String) {
        depth -= 1
        indent()
        closingTag(name)
    }

    public mutating func field(_ name: String, _ value: String) {
        indent()
        output += "<ceb:"
        output += name
        output += ">"
        XMLEscaping.appendText(value, to: &output)
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
        XMLWriter.append(
            node,
            to: &output,
            inheritedNamespace: nil,
            preferredPrefixes: [CEBNamespace.ceb: "ceb", CEBNamespace.xmldsig: "ds"]
        )
        output += "\n"
    }

    /// A field whose content is a subtree in the `ceb` namespace (`ExtendMessage/Message`).
    public mutating func field(_ name: String, _ value: XMLNode) {
        var element = value
        element.name = name
        element.namespace = CEBNamespace.ceb
        element.prefix = "ceb"
        indent()
        XMLWriter.append(
            element,
            to: &output,
            inheritedNamespace: CEBNamespace.ceb,
            preferredPrefixes: [CEBNamespace.ceb: "ceb", CEBNamespace.xmldsig: "ds"]
        )
        output += "\n"
    }

    public var data: Data { Data(output.utf8) }

    private mutating func closingTag(_ name: String) {
        output += "</ceb:"
        output += name
        output += ">\n"
    }

    /// Indentation by depth, each one append.
    private static let tabs: [String] = (0...12).map { String(repeating: "\t", count: $0) }

    private mutating func indent() {
        output += depth < Self.tabs.count ? Self.tabs[depth] : String(repeating: "\t", count: depth)
    }
}
