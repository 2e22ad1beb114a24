import CLibXML2

/// What an enveloped customs signature may look like, checked before it is trusted.
///
/// The enveloped-signature transform leaves the `ds:Signature` subtree out of the digest, so
/// anything placed inside it rides on a genuine signature unseen: the classic signature-wrapping
/// attack puts a forged answer there. A signature is accepted only in the one shape customs
/// uses — a single `ds:Signature`, the root's last element, holding only the elements of
/// `SignedInfo`, `SignatureValue` and `KeyInfo` (no `ds:Object`, nothing from another
/// namespace), with one `Reference` whose transforms are the enveloped-signature transform and
/// at most Canonical XML — so the digest covers every byte outside it.
enum SignatureShape {
    static let namespace = "http://www.w3.org/2000/09/xmldsig#"

    /// Each allowed element and the elements it may contain.
    static let allowedChildren: [String: Set<String>] = [
        "Signature": ["SignedInfo", "SignatureValue", "KeyInfo"],
        "SignedInfo": ["CanonicalizationMethod", "SignatureMethod", "Reference"],
        "CanonicalizationMethod": [],
        "SignatureMethod": [],
        "Reference": ["Transforms", "DigestMethod", "DigestValue"],
        "Transforms": ["Transform"],
        "Transform": [],
        "DigestMethod": [],
        "DigestValue": [],
        "SignatureValue": [],
        "KeyInfo": ["KeyName", "X509Data"],
        "KeyName": [],
        "X509Data": ["X509Certificate", "X509IssuerSerial", "X509SubjectName"],
        "X509IssuerSerial": ["X509IssuerName", "X509SerialNumber"],
        "X509IssuerName": [],
        "X509SerialNumber": [],
        "X509SubjectName": [],
        "X509Certificate": [],
    ]

    static let allowedTransforms: Set<String> = [
        "http://www.w3.org/2000/09/xmldsig#enveloped-signature",
        "http://www.w3.org/TR/2001/REC-xml-c14n-20010315",
    ]

    /// Why the document's signature is not in the accepted shape, or nil when it is.
    static func problem(document: xmlDocPtr, signature: xmlNodePtr) -> String? {
        guard let root = xmlDocGetRootElement(document) else { return "the document has no root element" }
        var signatures = 0
        var lastElement: xmlNodePtr?
        var child = root.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE {
                lastElement = current
                if isSignatureElement(current, named: "Signature") { signatures += 1 }
            }
            child = current.pointee.next
        }
        if signatures != 1 { return "\(signatures) signatures under the root; exactly one is accepted" }
        if lastElement != signature { return "the signature is not the root's last element" }
        if let problem = walk(signature) { return "unexpected content inside Signature: \(problem)" }
        var references = 0
        var transformsOK = true
        visit(signature) { node in
            guard let name = localName(node) else { return }
            if name == "Reference" { references += 1 }
            if name == "Transform" {
                let value = xmlGetProp(node, "Algorithm")
                let algorithm = value.map { String(cString: $0) }
                if let value { swgate_xml_free(value) }
                if algorithm.map(allowedTransforms.contains) != true { transformsOK = false }
            }
        }
        if references != 1 { return "\(references) references; exactly one (URI=\"\", the whole document) is accepted" }
        if !transformsOK { return "a transform other than enveloped-signature and Canonical XML 1.0" }
        return nil
    }

    /// The first element in `node`'s subtree that the shape does not allow, described.
    private static func walk(_ node: xmlNodePtr) -> String? {
        guard let name = localName(node), let allowed = allowedChildren[name] else { return describe(node) }
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_ELEMENT_NODE:
                guard let childName = localName(current), allowed.contains(childName) else { return describe(current) }
                if let problem = walk(current) { return problem }
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                // Text belongs in the leaves only (values, certificate); elsewhere only indentation.
                if !allowed.isEmpty, let content = current.pointee.content, !isSpace(content) {
                    return "text inside \(name)"
                }
            case XML_COMMENT_NODE, XML_PI_NODE:
                break
            default:
                return "a node of kind \(current.pointee.type.rawValue) inside \(name)"
            }
            child = current.pointee.next
        }
        return nil
    }

    private static func visit(_ node: xmlNodePtr, _ body: (xmlNodePtr) -> Void) {
        body(node)
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { visit(current, body) }
            child = current.pointee.next
        }
    }

    /// The element's local name when it is in the xmldsig namespace, else nil.
    private static func localName(_ node: xmlNodePtr) -> String? {
        guard let ns = node.pointee.ns, let href = ns.pointee.href, String(cString: href) == namespace, let name = node.pointee.name else {
            return nil
        }
        return String(cString: name)
    }

    private static func isSignatureElement(_ node: xmlNodePtr, named name: String) -> Bool {
        localName(node) == name
    }

    private static func describe(_ node: xmlNodePtr) -> String {
        let name = node.pointee.name.map { String(cString: $0) } ?? "?"
        let href = node.pointee.ns?.pointee.href.map { String(cString: $0) }
        return href.map { "\(name) in \($0)" } ?? name
    }

    private static func isSpace(_ pointer: UnsafeMutablePointer<xmlChar>) -> Bool {
        var cursor = UnsafePointer(pointer)
        while true {
            switch cursor.pointee {
            case 0: return true
            case 0x20, 0x09, 0x0A, 0x0D: cursor += 1
            default: return false
            }
        }
    }
}
