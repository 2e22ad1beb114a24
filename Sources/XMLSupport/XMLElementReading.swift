package import Foundation

/// What reading an element needs, whether the element is a detached ``XMLNode`` or a view into
/// a libxml2 document still being read (``XMLElementView``): readers of envelopes and receipts
/// are written once against this and take either.
package protocol XMLElementReading {
    /// The local name, without prefix.
    var name: String { get }
    /// The namespace URI, or `nil` for an element in no namespace.
    var namespace: String? { get }
    /// The line the element starts on in its source document.
    var line: Int { get }
    /// The child elements, in document order.
    var children: [Self] { get }
    /// The element's own character data, as ``XMLNode/text`` has it: kept for leaves (and mixed
    /// content), empty where the text between child elements is only indentation.
    var text: String { get }
    /// The value of the attribute with this local name.
    func attribute(_ name: String) -> String?
    /// The element and everything below it as a detached tree.
    var tree: XMLNode { get }
    /// Whether the local name is `name`: what comparing ``name`` says, without making a string
    /// of the element's name to compare.
    func hasName(_ name: String) -> Bool
    /// Whether the namespace URI is `uri` (nil: the element is in no namespace), without making a
    /// string of the element's.
    func isInNamespace(_ uri: String?) -> Bool
    /// The element's own character data decoded from Base64, characters outside the alphabet
    /// (line breaks, spaces) skipped; nil when it is not Base64.
    var base64Text: Data? { get }
}

extension XMLElementReading {
    /// The first child element with this local name. Inlinable, so that readers in other
    /// modules get it specialised to their element type.
    @inlinable
    package func firstChild(_ name: String) -> Self? {
        children.first { $0.hasName(name) }
    }

    package func hasName(_ name: String) -> Bool {
        self.name == name
    }

    package func isInNamespace(_ uri: String?) -> Bool {
        namespace == uri
    }

    package var base64Text: Data? {
        Data(base64Encoded: text, options: .ignoreUnknownCharacters)
    }
}

extension XMLNode: XMLElementReading {
    package var tree: XMLNode { self }
}
