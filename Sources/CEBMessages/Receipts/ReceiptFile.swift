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
    ///
    /// Envelope and receipt are read where they lie in their parsed documents: the receipts of a
    /// day pass here by the ten thousand, and each is read once.
    public static func read(_ data: Data, limits: XMLParseLimits = .default) throws(CEBDecodingError) -> ReceiptFile {
        let outcome = try withRoot(data, limits: limits) { (root) throws(CEBDecodingError) -> ReceiptFile in
            guard root.hasName("DxpMsg") else { return try read(reading: root) }
            let envelope = try DxpEnvelope(reading: root)
            var file = try withRoot(envelope.data, limits: limits) { (inner) throws(CEBDecodingError) -> ReceiptFile in
                if inner.hasName("DxpMsg") {
                    throw CEBDecodingError(reason: .invalidEnvelope, line: inner.line, message: "a DxpMsg inside a DxpMsg is not a receipt")
                }
                return try read(reading: inner)
            }
            file.envelope = envelope.transInfo
            return file
        }
        return outcome
    }

    /// Reads a receipt from its (unwrapped) root element.
    public static func read(root: XMLNode) throws(CEBDecodingError) -> ReceiptFile {
        try read(reading: root)
    }

    static func read<Element: XMLElementReading>(reading root: Element) throws(CEBDecodingError) -> ReceiptFile {
        guard isCustoms(root) else {
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

    /// Parses `data` and lends its root element to `body`; parse errors become decoding errors.
    private static func withRoot<T>(
        _ data: Data, limits: XMLParseLimits, _ body: (XMLElementView) throws(CEBDecodingError) -> T
    ) throws(CEBDecodingError) -> T {
        let outcome: Result<T, CEBDecodingError>
        do {
            outcome = try XMLDocumentParser.withRootElement(data, limits: limits) { root in
                Result { () throws(CEBDecodingError) -> T in try body(root) }
            }
        } catch {
            throw CEBDecodingError.wrap(error)
        }
        return try outcome.get()
    }

    /// Finds return elements directly under the root or one wrapper down (`Tax/TaxHeadRd`).
    ///
    /// Only elements in the customs namespace (or none) are answers or wrappers. The enveloped
    /// signature is a child of the root that its own digest leaves out, so an answer placed
    /// inside `ds:Signature` would ride on a genuine signature: nothing in the xmldsig namespace,
    /// nor anything below it, is ever read as an answer.
    private static func collect<Element: XMLElementReading>(
        _ name: String, under root: Element, type: CEBMessageType, into returns: inout [ReturnElement]
    ) {
        for child in root.children where isCustoms(child) {
            if child.hasName(name) {
                returns.append(element(child, type: type))
            } else {
                // A wrapper (`Tax`): its other elements are the answer's lines (`TaxListRd`).
                let grandchildren = child.children
                let lines = grandchildren.filter { !$0.hasName(name) && isCustoms($0) && !$0.children.isEmpty }.map { fields($0) }
                for grandchild in grandchildren where grandchild.hasName(name) && isCustoms(grandchild) {
                    var answer = element(grandchild, type: type)
                    answer.lines = lines
                    returns.append(answer)
                }
            }
        }
    }

    /// Whether `node` is in the customs namespace, or in none (accepted leniently).
    private static func isCustoms<Element: XMLElementReading>(_ node: Element) -> Bool {
        node.isInNamespace(nil) || node.isInNamespace(CEBNamespace.ceb)
    }

    private static func element<Element: XMLElementReading>(_ node: Element, type: CEBMessageType) -> ReturnElement {
        ReturnElement(messageType: type, elementName: node.name, fields: fields(node), line: node.line)
    }

    private static func fields<Element: XMLElementReading>(_ node: Element) -> [ReturnField] {
        node.children.map { child in ReturnField(name: child.name, value: child.text.trimmedWhitespace) }
    }
}
