import CLibXML2
import Foundation

/// Canonical XML 1.0 (without comments) of parts of a parsed document, through libxml2.
enum Canonicalizer {
    /// Which part of the document a canonicalisation covers.
    enum Selection {
        /// Everything except the subtree of `excluded` (the enveloped-signature transform).
        case excluding(xmlNodePtr)
        /// Only the subtree of `root` (SignedInfo), with the namespaces in scope there.
        case subtree(xmlNodePtr)
    }

    /// Canonical XML 1.0 (no comments) of a part of `document`, chosen node by node through
    /// libxml2's visibility callback — much cheaper than an XPath node set on large documents.
    static func canonicalize(_ document: xmlDocPtr, _ selection: Selection) -> Data? {
        final class Context {
            let target: xmlNodePtr
            let inside: Bool
            init(target: xmlNodePtr, inside: Bool) {
                self.target = target
                self.inside = inside
            }
        }
        let context: Context
        switch selection {
        case .excluding(let node): context = Context(target: node, inside: false)
        case .subtree(let node): context = Context(target: node, inside: true)
        }
        guard let output = xmlAllocOutputBuffer(nil) else { return nil }
        let written = withExtendedLifetime(context) { () -> Int32 in
            xmlC14NExecute(
                document,
                { userData, node, parent in
                    guard let userData else { return 1 }
                    let context = Unmanaged<Context>.fromOpaque(userData).takeUnretainedValue()
                    // Namespace nodes are visible where their element is.
                    var current: xmlNodePtr? = node
                    if let node, node.pointee.type == XML_NAMESPACE_DECL { current = parent }
                    var within = false
                    while let element = current {
                        if element == context.target {
                            within = true
                            break
                        }
                        current = element.pointee.parent
                    }
                    return (within == context.inside) ? 1 : 0
                }, Unmanaged.passUnretained(context).toOpaque(), Int32(XML_C14N_1_0.rawValue), nil, 0, output)
        }
        defer { xmlOutputBufferClose(output) }
        guard written >= 0, let content = xmlOutputBufferGetContent(output) else { return nil }
        return Data(bytes: content, count: Int(xmlOutputBufferGetSize(output)))
    }

    /// The first element matching `expression`.
    static func element(_ document: xmlDocPtr, _ expression: String) -> xmlNodePtr? {
        guard let context = xmlXPathNewContext(document) else { return nil }
        defer { xmlXPathFreeContext(context) }
        _ = xmlXPathRegisterNs(context, "ds", "http://www.w3.org/2000/09/xmldsig#")
        guard let result = xmlXPathEvalExpression(expression, context) else { return nil }
        defer { xmlXPathFreeObject(result) }
        guard let nodes = result.pointee.nodesetval, nodes.pointee.nodeNr > 0, let first = nodes.pointee.nodeTab[0] else { return nil }
        return first
    }

    static func text(_ node: xmlNodePtr?) -> String {
        guard let node, let content = xmlNodeGetContent(node) else { return "" }
        defer { swgate_xml_free(content) }
        return String(cString: content)
    }

    static func attribute(_ node: xmlNodePtr?, _ name: String) -> String? {
        guard let node, let value = xmlGetProp(node, name) else { return nil }
        defer { swgate_xml_free(value) }
        return String(cString: value)
    }
}
