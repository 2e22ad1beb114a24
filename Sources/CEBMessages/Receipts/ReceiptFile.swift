public import Foundation
public import XMLSupport

/// A receipt document as received: raw or DxpMsg-wrapped, with every answer it carries.
public struct ReceiptFile: Sendable, Hashable {
    public var messageType: CEBMessageType
    /// The receipt message's own guid (root attribute).
    public var guid: String
    /// The DXP header when the receipt came wrapped in a DxpMsg.
    public var envelope: DxpTransInfo?
    public var returns: [ReturnElement]

    public init(messageType: CEBMessageType, guid: String, envelope: DxpTransInfo? = nil, returns: [ReturnElement]) {
        self.messageType = messageType
        self.guid = guid
        self.envelope = envelope
        self.returns = returns
    }

    /// Reads receipt bytes in any of the shapes customs and DXP clients produce: the `ceb:` prefix
    /// or a default namespace (or, leniently, none), with or without a byte-order mark, CRLF line
    /// ends, one or many return elements, raw or Base64 inside a `DxpMsg`.
    public static func read(_ data: Data, limits: XMLParseLimits = .default) throws(CEBDecodingError) -> ReceiptFile {
        let root = try parseRoot(data, limits: limits)
        if root.name == "DxpMsg" {
            let envelope = try DxpEnvelope(root: root)
            let inner = try parseRoot(envelope.data, limits: limits)
            if inner.name == "DxpMsg" {
                throw CEBDecodingError(reason: .invalidEnvelope, line: inner.line, message: "a DxpMsg inside a DxpMsg is not a receipt")
            }
            var file = try read(root: inner)
            file.envelope = envelope.transInfo
            return file
        }
        return try read(root: root)
    }

    /// Reads a receipt from its (unwrapped) root element.
    public static func read(root: XMLNode) throws(CEBDecodingError) -> ReceiptFile {
        guard root.namespace == CEBNamespace.ceb || root.namespace == nil else {
            throw CEBDecodingError(
                reason: .wrongNamespace(found: root.namespace),
                line: root.line,
                message: "\(root.name) is in namespace \(root.namespace ?? ""), not the customs namespace \(CEBNamespace.ceb)"
            )
        }
        guard let type = CEBMessageType(rawValue: root.name) else {
            throw CEBDecodingError(
                reason: .unknownMessageType(root.name), line: root.line, message: "\(root.name) is not a known customs message type")
        }
        guard let returnName = type.returnElementName else {
            throw CEBDecodingError(
                reason: .unknownMessageType(root.name),
                line: root.line,
                message: "\(root.name) is a declaration (\(type.title)), not a receipt"
            )
        }
        var returns: [ReturnElement] = []
        collect(returnName, under: root, type: type, into: &returns)
        if returns.isEmpty {
            throw CEBDecodingError(reason: .missingField, path: returnName, line: root.line, message: "\(root.name) holds no \(returnName)")
        }
        return ReceiptFile(messageType: type, guid: root.attribute("guid") ?? "", returns: returns)
    }

    private static func parseRoot(_ data: Data, limits: XMLParseLimits) throws(CEBDecodingError) -> XMLNode {
        do {
            return try XMLDocumentParser.parse(data, limits: limits)
        } catch {
            throw CEBDecodingError.wrap(error)
        }
    }

    /// Finds return elements directly under the root or one wrapper down (`Tax/TaxHeadRd`).
    ///
    /// Only elements in the customs namespace (or none) are answers or wrappers. The enveloped
    /// signature is a child of the root that its own digest leaves out, so an answer placed
    /// inside `ds:Signature` would ride on a genuine signature: nothing in the xmldsig namespace,
    /// nor anything below it, is ever read as an answer.
    private static func collect(_ name: String, under root: XMLNode, type: CEBMessageType, into returns: inout [ReturnElement]) {
        for child in root.children where isCustoms(child) {
            if child.name == name {
                returns.append(element(child, type: type))
            } else {
                // A wrapper (`Tax`): its other elements are the answer's lines (`TaxListRd`).
                let lines = child.children.filter { $0.name != name && isCustoms($0) && !$0.children.isEmpty }.map(fields)
                for grandchild in child.children where grandchild.name == name && isCustoms(grandchild) {
                    var answer = element(grandchild, type: type)
                    answer.lines = lines
                    returns.append(answer)
                }
            }
        }
    }

    /// Whether `node` is in the customs namespace, or in none (accepted leniently).
    private static func isCustoms(_ node: XMLNode) -> Bool {
        node.namespace == nil || node.namespace == CEBNamespace.ceb
    }

    private static func element(_ node: XMLNode, type: CEBMessageType) -> ReturnElement {
        ReturnElement(messageType: type, elementName: node.name, fields: fields(node), line: node.line)
    }

    private static func fields(_ node: XMLNode) -> [ReturnField] {
        node.children.map { child in ReturnField(name: child.name, value: child.text.trimmedWhitespace) }
    }
}
