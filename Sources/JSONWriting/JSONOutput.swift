/// A JSON value whose objects keep their keys in the order they were added, so that output reads
/// the same every time for people and diffs alike. swgate's one JSON writer: the CLI's answers,
/// manifests, notifications and generated batches all render through it.
public indirect enum JSONOutput: Sendable, Equatable {
    case string(String)
    /// A number as its literal text (`Decimal` and integer descriptions), written unquoted.
    case number(String)
    case bool(Bool)
    case null
    case object(JSONObject)
    case array([JSONOutput])

    /// An integer as a JSON number.
    public static func int(_ value: Int) -> JSONOutput { .number(String(value)) }

    /// The value's text: indented by `indent` spaces per level, or compact on one line when nil.
    /// `level` is the depth at which the value sits inside a document written around it.
    public func rendered(indent: Int? = 2, level: Int = 0) -> String {
        var out = ""
        write(into: &out, indent: indent, level: level)
        return out
    }

    private func write(into out: inout String, indent: Int?, level: Int) {
        let newline = indent == nil ? "" : "\n"
        let pad = indent.map { String(repeating: " ", count: $0 * (level + 1)) } ?? ""
        let closePad = indent.map { String(repeating: " ", count: $0 * level) } ?? ""
        switch self {
        case .string(let text): out += JSONString.quoted(text)
        case .number(let text): out += text
        case .bool(let flag): out += flag ? "true" : "false"
        case .null: out += "null"
        case .array(let items):
            guard !items.isEmpty else {
                out += "[]"
                return
            }
            out += "[" + newline
            for (index, item) in items.enumerated() {
                out += pad
                item.write(into: &out, indent: indent, level: level + 1)
                out += (index == items.count - 1 ? "" : ",") + newline
            }
            out += closePad + "]"
        case .object(let object):
            guard !object.isEmpty else {
                out += "{}"
                return
            }
            out += "{" + newline
            for (index, member) in object.members.enumerated() {
                out += pad + JSONString.quoted(member.key) + (indent == nil ? ":" : ": ")
                member.value.write(into: &out, indent: indent, level: level + 1)
                out += (index == object.members.count - 1 ? "" : ",") + newline
            }
            out += closePad + "}"
        }
    }
}

/// A JSON object's members in insertion order.
public struct JSONObject: Sendable, Equatable {
    public private(set) var members: [(key: String, value: JSONOutput)] = []

    public init() {}

    public init(_ members: [(String, JSONOutput)]) {
        self.members = members.map { (key: $0.0, value: $0.1) }
    }

    public var isEmpty: Bool { members.isEmpty }

    /// The keys in order.
    public var keys: [String] { members.map(\.key) }

    public mutating func append(_ key: String, _ value: JSONOutput) {
        members.append((key: key, value: value))
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.members.count == rhs.members.count && zip(lhs.members, rhs.members).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}

extension JSONOutput {
    /// The indented text of an array of objects: the shape of every listing the CLI prints.
    public static func renderedArray(_ objects: [JSONObject]) -> String {
        JSONOutput.array(objects.map { .object($0) }).rendered()
    }
}

extension JSONObject: ExpressibleByArrayLiteral {
    /// `[("key", value), …]`: an ordered literal (a dictionary literal would do, but reads as unordered).
    public init(arrayLiteral elements: (String, JSONOutput)...) {
        self.init(elements)
    }
}
