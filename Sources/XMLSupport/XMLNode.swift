/// An element of a parsed XML document, detached from libxml2.
///
/// swgate's messages are small, flat records; a plain value tree is simpler to hand around (and
/// `Sendable`) than libxml2's pointers, whose lifetime is tied to the document that owns them.
/// Equality compares content only: the source ``line`` is where a node came from, not what it is.
public struct XMLNode: Sendable, Hashable {
    /// The local name, without prefix.
    public var name: String
    /// The namespace URI, or `nil` for an element in no namespace.
    public var namespace: String?
    /// The prefix the document used, kept so a subtree (a signature, say) can be written back as it came.
    public var prefix: String?
    public var attributes: [XMLAttribute]
    public var children: [XMLNode]
    /// The element's own character data (text and CDATA children, concatenated).
    public var text: String
    /// The line the element starts on in its source document (0 when built in memory).
    public var line: Int

    public init(
        name: String,
        namespace: String? = nil,
        prefix: String? = nil,
        attributes: [XMLAttribute] = [],
        children: [XMLNode] = [],
        text: String = "",
        line: Int = 0
    ) {
        self.name = name
        self.namespace = namespace
        self.prefix = prefix
        self.attributes = attributes
        self.children = children
        self.text = text
        self.line = line
    }

    /// The first child element with this local name.
    public func child(_ name: String) -> XMLNode? {
        children.first { $0.name == name }
    }

    /// Every child element with this local name, in document order.
    public func children(_ name: String) -> [XMLNode] {
        children.filter { $0.name == name }
    }

    public static func == (lhs: XMLNode, rhs: XMLNode) -> Bool {
        lhs.name == rhs.name && lhs.namespace == rhs.namespace && lhs.prefix == rhs.prefix
            && lhs.attributes == rhs.attributes && lhs.text == rhs.text && lhs.children == rhs.children
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(namespace)
        hasher.combine(text)
        hasher.combine(children)
    }

    /// The value of the attribute with this local name.
    public func attribute(_ name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }
}

/// An attribute of an ``XMLNode``.
public struct XMLAttribute: Sendable, Hashable {
    public var name: String
    public var namespace: String?
    public var prefix: String?
    public var value: String

    public init(name: String, namespace: String? = nil, prefix: String? = nil, value: String) {
        self.name = name
        self.namespace = namespace
        self.prefix = prefix
        self.value = value
    }
}
