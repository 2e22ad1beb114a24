public import Foundation

/// A parsed JSON value that remembers nothing but its content; paths are tracked by the reader.
///
/// Records are read into this tree first (rather than decoded straight into types) so that one
/// pass can report every problem in a record, not just the first, each with its JSON path.
public indirect enum JSONValue: Sendable, Hashable {
    case object([String: JSONValue], order: [String])
    case array([JSONValue])
    case string(String)
    /// A number, kept as the text JSON gave it so that decimals stay exact.
    case number(String)
    case bool(Bool)
    case null

    /// Parses one JSON document.
    public static func parse(_ data: Data) throws -> JSONValue {
        var parser = JSONTextParser(bytes: [UInt8](data))
        return try parser.parseDocument()
    }

    var typeName: String {
        switch self {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number: "a number"
        case .bool: "true/false"
        case .null: "null"
        }
    }
}
