public import Foundation
public import XMLSupport

/// Reads the child fields of one business node (`OrderHead`, `InventoryList`, …).
///
/// Reading is by name, so it accepts fields in any order: the schema validator, not the decoder,
/// is the judge of order. The decoder's job is to give typed values or say precisely which field
/// is missing or malformed.
public struct FieldReader {
    public let node: XMLNode
    public let path: String

    public init(_ node: XMLNode, path: String) {
        self.node = node
        self.path = path
    }

    public func string(_ name: String) throws(CEBDecodingError) -> String {
        guard let index = index(of: name) else { throw missing(name) }
        return node.children[index].text
    }

    public func optionalString(_ name: String) -> String? {
        index(of: name).map { node.children[$0].text }
    }

    public func decimal(_ name: String) throws(CEBDecodingError) -> Decimal {
        guard let index = index(of: name) else { throw missing(name) }
        return try decimalValue(at: index)
    }

    public func optionalDecimal(_ name: String) throws(CEBDecodingError) -> Decimal? {
        guard let index = index(of: name) else { return nil }
        return try decimalValue(at: index)
    }

    public func int(_ name: String) throws(CEBDecodingError) -> Int {
        guard let index = index(of: name) else { throw missing(name) }
        return try intValue(at: index)
    }

    public func optionalInt(_ name: String) throws(CEBDecodingError) -> Int? {
        guard let index = index(of: name) else { return nil }
        return try intValue(at: index)
    }

    public func element(_ name: String) throws(CEBDecodingError) -> XMLNode {
        guard let index = index(of: name) else { throw missing(name) }
        return node.children[index]
    }

    /// The position of the first child named `name`: found by position rather than by
    /// ``XMLNode/child(_:)``, which copies the node (its name, text, attributes and children)
    /// only for one field of it to be read.
    private func index(of name: String) -> Int? {
        node.children.firstIndex { $0.name == name }
    }

    private func decimalValue(at index: Int) throws(CEBDecodingError) -> Decimal {
        let text = node.children[index].text
        guard let value = CEBDecimal.parse(text) else { throw invalid(at: index, "'\(text)' is not a decimal number") }
        return value
    }

    private func intValue(at index: Int) throws(CEBDecodingError) -> Int {
        let text = node.children[index].text
        guard let value = Int(text.trimmedWhitespace) else { throw invalid(at: index, "'\(text)' is not a whole number") }
        return value
    }

    private func invalid(at index: Int, _ message: String) -> CEBDecodingError {
        CEBDecodingError(
            reason: .invalidValue, path: "\(path)/\(node.children[index].name)", line: node.children[index].line, message: message)
    }

    private func missing(_ name: String) -> CEBDecodingError {
        CEBDecodingError(
            reason: .missingField,
            path: "\(path)/\(name)",
            line: node.line,
            message: "required field \(name) is missing from \(node.name)"
        )
    }
}
