import CLibXML2
import Foundation

/// Canonical XML 1.0 (without comments) of parts of a parsed document, through libxml2.
enum Canonicalizer {
    /// The whole document minus every `ds:Signature` subtree: what an enveloped signature digests.
    static let withoutSignature = "(//. | //@* | //namespace::*)[not(ancestor-or-self::ds:Signature)]"
    /// The `ds:SignedInfo` subtree, with the namespaces in scope there: what the key signs.
    static let signedInfo = "(//. | //@* | //namespace::*)[ancestor-or-self::ds:SignedInfo]"

    static func canonicalize(_ document: xmlDocPtr, selecting expression: String) -> Data? {
        guard let context = xmlXPathNewContext(document) else { return nil }
        defer { xmlXPathFreeContext(context) }
        _ = xmlXPathRegisterNs(context, "ds", "http://www.w3.org/2000/09/xmldsig#")
        guard let result = xmlXPathEvalExpression(expression, context) else { return nil }
        defer { xmlXPathFreeObject(result) }
        var output: UnsafeMutablePointer<xmlChar>?
        let length = xmlC14NDocDumpMemory(document, result.pointee.nodesetval, Int32(XML_C14N_1_0.rawValue), nil, 0, &output)
        guard length >= 0, let output else { return nil }
        defer { swgate_xml_free(output) }
        return Data(bytes: output, count: Int(length))
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
