import Foundation
import Outbox

/// A small JSON writer that keeps keys in the order they were added, for output people read and
/// scripts parse alike.
enum JSONText {
    indirect enum Value {
        case string(String)
        case number(String)
        case bool(Bool)
        case null
        case object(Object)
        case array([Value])
    }

    struct Object {
        private(set) var keys: [String] = []
        private var values: [Value] = []

        mutating func append(_ key: String, _ value: Value) {
            keys.append(key)
            values.append(value)
        }

        var pairs: Zip2Sequence<[String], [Value]> { zip(keys, values) }
    }

    static func array(_ objects: [Object]) -> String {
        render(.array(objects.map { .object($0) }), indent: 0)
    }

    static func render(_ value: Value, indent: Int = 0) -> String {
        var out = ""
        write(value, indent: indent, into: &out)
        return out
    }

    private static func write(_ value: Value, indent: Int, into out: inout String) {
        let pad = String(repeating: "  ", count: indent)
        let inner = String(repeating: "  ", count: indent + 1)
        switch value {
        case .string(let text): writeString(text, into: &out)
        case .number(let text): out += text
        case .bool(let flag): out += flag ? "true" : "false"
        case .null: out += "null"
        case .array(let items):
            if items.isEmpty {
                out += "[]"
                return
            }
            out += "[\n"
            for (index, item) in items.enumerated() {
                out += inner
                write(item, indent: indent + 1, into: &out)
                out += index == items.count - 1 ? "\n" : ",\n"
            }
            out += pad + "]"
        case .object(let object):
            if object.keys.isEmpty {
                out += "{}"
                return
            }
            out += "{\n"
            let count = object.keys.count
            for (index, pair) in object.pairs.enumerated() {
                out += inner
                writeString(pair.0, into: &out)
                out += ": "
                write(pair.1, indent: indent + 1, into: &out)
                out += index == count - 1 ? "\n" : ",\n"
            }
            out += pad + "}"
        }
    }

    private static func writeString(_ text: String, into out: inout String) {
        out += JSONString.quoted(text)
    }
}
