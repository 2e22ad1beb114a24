public import Foundation
public import XMLSupport

/// A business node of a customs message (`OrderHead`, `InventoryList`, `OrderReturn`, …).
public protocol CEBElement: Sendable, Hashable {
    /// The element's name in the `ceb` namespace.
    static var elementName: String { get }
    /// Decodes the node; `path` names it in error messages.
    init(node: XMLNode, path: String) throws(CEBDecodingError)
    /// Writes the node, its fields in schema order.
    func write(to writer: inout CEBXMLWriter)
}

/// A whole customs message: a declaration, a receipt or a format-check reply.
public protocol CEBMessage: Sendable, Hashable {
    static var messageType: CEBMessageType { get }
    /// The 36-character message id (the root's `guid` attribute).
    var guid: String { get set }
    var version: String { get set }
    /// Decodes the message from its root element.
    init(root: XMLNode) throws(CEBDecodingError)
    /// Writes the message body inside an already opened root.
    func writeBody(to writer: inout CEBXMLWriter)
}

/// A message an enterprise sends to customs. Every declaration carries `BaseTransfer`.
public protocol CEBDeclaration: CEBMessage {
    var baseTransfer: BaseTransfer { get set }
    var baseSubscribes: [BaseSubscribe] { get set }
    var extendMessage: ExtendMessage? { get set }
    /// The enveloped `ds:Signature`, kept as a tree; `nil` when unsigned.
    var signature: XMLNode? { get set }
}

extension CEBMessage {
    /// The message as UTF-8 XML.
    public func xmlString() -> String {
        String(decoding: xmlBytes(), as: UTF8.self)
    }

    /// The message as UTF-8 XML bytes.
    public func xmlData() -> Data {
        Data(xmlBytes())
    }

    /// The message as UTF-8 XML, as the writer assembled it.
    public func xmlBytes() -> [UInt8] {
        var writer = CEBXMLWriter()
        writer.openRoot(Self.messageType.rawValue, guid: guid, version: version)
        writeBody(to: &writer)
        writer.closeRoot(Self.messageType.rawValue)
        return writer.bytes
    }

    /// Parses a message of exactly this type.
    public static func parse(_ data: Data, limits: XMLParseLimits = .default) throws(CEBDecodingError) -> Self {
        let root: XMLNode
        do {
            root = try XMLDocumentParser.parse(data, limits: limits)
        } catch {
            throw CEBDecodingError.wrap(error)
        }
        try CEBMessageType.checkRoot(root, expected: messageType)
        return try Self(root: root)
    }
}

extension CEBDeclaration {
    /// Writes `BaseTransfer`, `BaseSubscribe`, `ExtendMessage` and `ds:Signature`, the tail every
    /// declaration shares.
    func writeDeclarationTail(to writer: inout CEBXMLWriter) {
        baseTransfer.write(to: &writer)
        for subscribe in baseSubscribes { subscribe.write(to: &writer) }
        extendMessage?.write(to: &writer)
        if let signature { writer.node(signature) }
    }
}

/// Decoding helpers shared by the generated message types.
enum CEBRoot {
    static func guid(_ root: XMLNode) throws(CEBDecodingError) -> String {
        guard let guid = root.attribute("guid") else {
            throw CEBDecodingError(reason: .missingField, path: "@guid", line: root.line, message: "the root element has no guid attribute")
        }
        return guid
    }

    static func version(_ root: XMLNode) -> String {
        root.attribute("version") ?? "1.0"
    }

    static func signature(_ root: XMLNode) -> XMLNode? {
        root.children.first { $0.name == "Signature" && $0.namespace == CEBNamespace.xmldsig }
    }

    static func elements<Element: CEBElement>(
        _ type: Element.Type,
        in parent: XMLNode,
        path: String
    ) throws(CEBDecodingError) -> [Element] {
        var result: [Element] = []
        let nodes = parent.children(Element.elementName)
        result.reserveCapacity(nodes.count)
        for (index, node) in nodes.enumerated() {
            result.append(try Element(node: node, path: "\(path)\(Element.elementName)[\(index + 1)]"))
        }
        return result
    }

    static func element<Element: CEBElement>(
        _ type: Element.Type,
        in parent: XMLNode,
        path: String
    ) throws(CEBDecodingError) -> Element {
        guard let node = parent.child(Element.elementName) else {
            throw CEBDecodingError(
                reason: .missingField,
                path: path + Element.elementName,
                line: parent.line,
                message: "\(parent.name) has no \(Element.elementName)"
            )
        }
        return try Element(node: node, path: path + Element.elementName)
    }

    static func optionalElement<Element: CEBElement>(
        _ type: Element.Type,
        in parent: XMLNode,
        path: String
    ) throws(CEBDecodingError) -> Element? {
        guard let node = parent.child(Element.elementName) else { return nil }
        return try Element(node: node, path: path + Element.elementName)
    }
}

extension CEBRoot {
    /// The single wrapper element `name` under `root` (CEB711's one `Delivery`).
    static func wrapper(_ name: String, in root: XMLNode) throws(CEBDecodingError) -> XMLNode {
        guard let node = root.child(name) else {
            throw CEBDecodingError(reason: .missingField, path: name, line: root.line, message: "\(root.name) has no \(name)")
        }
        return node
    }

    /// Decodes every wrapper element `name` (`Order`, `Payment`, `Tax`, …) under `root`.
    static func groups<Group>(
        _ name: String,
        in root: XMLNode,
        _ decode: (XMLNode, String) throws(CEBDecodingError) -> Group
    ) throws(CEBDecodingError) -> [Group] {
        var result: [Group] = []
        var index = 0
        for node in root.children where node.name == name {
            index += 1
            result.append(try decode(node, "\(name)[\(index)]"))
        }
        return result
    }
}
