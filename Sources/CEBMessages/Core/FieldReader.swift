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
        guard let child = node.child(name) else { throw missing(name) }
        return child.text
    }

    public func optionalString(_ name: String) -> String? {
        node.child(name)?.text
    }

    public func decimal(_ name: String) throws(CEBDecodingError) -> Decimal {
        guard let child = node.child(name) else { throw missing(name) }
        return try decimalValue(child)
    }

    public func optionalDecimal(_ name: String) throws(CEBDecodingError) -> Decimal? {
        guard let child = node.child(name) else { return nil }
        return try decimalValue(child)
    }

    public func int(_ name: String) throws(CEBDecodingError) -> Int {
        guard let child = node.child(name) else { throw missing(name) }
        return try intValue(child)
    }

    public func optionalInt(_ name: String) throws(CEBDecodingError) -> Int? {
        guard let child = node.child(name) else { return nil }
        return try intValue(child)
    }

    public func element(_ name: String) throws(CEBDecodingError) -> XMLNode {
        guard let child = node.child(name) else { throw missing(name) }
        return child
    }

    private func decimalValue(_ child: XMLNode) throws(CEBDecodingError) -> Decimal {
        guard let value = CEBDecimal.parse(child.text) else {
            throw CEBDecodingError(
                reason: .invalidValue,
                path: "\(path)/\(child.name)",
                line: child.line,
                message: "'\(child.text)' is not a decimal number"
            )
        }
        return value
    }

    private func intValue(_ child: XMLNode) throws(CEBDecodingError) -> Int {
        guard let value = Int(child.text.trimmedWhitespace) else {
            throw CEBDecodingError(
                reason: .invalidValue,
                path: "\(path)/\(child.name)",
                line: child.line,
                message: "'\(child.text)' is not a whole number"
            )
        }
        return value
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
