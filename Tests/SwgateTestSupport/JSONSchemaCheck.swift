public import Foundation

/// Checks a JSON value against a schema of `schemas/cli/`: the parts of JSON Schema 2020-12 those
/// files use (`type`, `properties`, `required`, `additionalProperties`, `items`, `enum`, `const`,
/// `allOf`, `anyOf`, `oneOf`, and `$ref` to `#/$defs/…` of the same file or of a sibling file).
public struct JSONSchemaCheck {
    let folder: URL
    private var files: [String: [String: Any]] = [:]

    public init(folder: URL) {
        self.folder = folder
    }

    /// The schema folder of the checkout.
    public static var cli: JSONSchemaCheck { JSONSchemaCheck(folder: Fixtures.checkout.appendingPathComponent("schemas/cli")) }

    /// The problems of `text` (one JSON document) under `schema` (a file name); empty when valid.
    public mutating func problems(_ text: String, schema: String) throws -> [String] {
        let value = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        let root = try file(schema)
        return try check(value, root, file: schema, path: "$")
    }

    private mutating func file(_ name: String) throws -> [String: Any] {
        if let known = files[name] { return known }
        let data = try Data(contentsOf: folder.appendingPathComponent(name))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw CocoaError(.fileReadCorruptFile)
        }
        files[name] = object
        return object
    }

    private mutating func resolve(_ reference: String, from file: String) throws -> (schema: [String: Any], file: String) {
        let parts = reference.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let target = parts[0].isEmpty ? file : String(parts[0])
        var node: Any = try self.file(target)
        if parts.count > 1 {
            for key in parts[1].split(separator: "/") {
                guard let object = node as? [String: Any], let next = object[String(key)] else {
                    throw CocoaError(.fileReadCorruptFile, userInfo: [NSDebugDescriptionErrorKey: "no \(reference) in \(file)"])
                }
                node = next
            }
        }
        guard let schema = node as? [String: Any] else { throw CocoaError(.fileReadCorruptFile) }
        return (schema, target)
    }

    private mutating func check(_ value: Any, _ schema: [String: Any], file: String, path: String) throws -> [String] {
        var problems: [String] = []
        if let reference = schema["$ref"] as? String {
            let (target, targetFile) = try resolve(reference, from: file)
            problems += try check(value, target, file: targetFile, path: path)
        }
        if let types = schema["type"] {
            let allowed = (types as? [String]) ?? [(types as? String) ?? ""]
            if !allowed.contains(where: { Self.matches(value, type: $0) }) {
                return problems + ["\(path): \(Self.describe(value)) is not \(allowed.joined(separator: " or "))"]
            }
        }
        if let options = schema["enum"] as? [Any], !options.contains(where: { Self.equal($0, value) }) {
            problems.append("\(path): \(Self.describe(value)) is not one of \(options)")
        }
        if let constant = schema["const"], !Self.equal(constant, value) { problems.append("\(path): must be \(constant)") }
        for sub in (schema["allOf"] as? [[String: Any]]) ?? [] { problems += try check(value, sub, file: file, path: path) }
        for key in ["anyOf", "oneOf"] {
            guard let options = schema[key] as? [[String: Any]] else { continue }
            var passing = 0
            var firstProblems: [String] = []
            for option in options {
                let found = try check(value, option, file: file, path: path)
                if found.isEmpty {
                    passing += 1
                } else if firstProblems.isEmpty || found.count < firstProblems.count {
                    firstProblems = found
                }
            }
            if passing == 0 { problems += ["\(path): matches none of \(key)"] + firstProblems }
            if key == "oneOf", passing > 1 { problems.append("\(path): matches \(passing) of oneOf") }
        }
        if let object = value as? [String: Any] {
            let properties = (schema["properties"] as? [String: [String: Any]]) ?? [:]
            for name in (schema["required"] as? [String]) ?? [] where object[name] == nil {
                problems.append("\(path): \(name) is missing")
            }
            for (name, member) in object {
                if let property = properties[name] {
                    problems += try check(member, property, file: file, path: "\(path).\(name)")
                } else if let additional = schema["additionalProperties"] {
                    if let allowed = additional as? Bool {
                        if !allowed { problems.append("\(path): \(name) is not allowed") }
                    } else if let sub = additional as? [String: Any] {
                        problems += try check(member, sub, file: file, path: "\(path).\(name)")
                    }
                }
            }
        }
        if let array = value as? [Any], let items = schema["items"] as? [String: Any] {
            for (index, item) in array.enumerated() { problems += try check(item, items, file: file, path: "\(path)[\(index)]") }
        }
        return problems
    }

    private static func isBool(_ value: Any) -> Bool {
        guard let number = value as? NSNumber else { return false }
        return String(cString: number.objCType) == "c"
    }

    private static func matches(_ value: Any, type: String) -> Bool {
        switch type {
        case "string": return value is String
        case "null": return value is NSNull
        case "boolean": return isBool(value)
        case "object": return value is [String: Any]
        case "array": return value is [Any]
        case "number": return value is NSNumber && !isBool(value)
        case "integer":
            guard let number = value as? NSNumber, !isBool(value) else { return false }
            return number.doubleValue.rounded() == number.doubleValue
        default: return false
        }
    }

    private static func equal(_ left: Any, _ right: Any) -> Bool {
        if let a = left as? String, let b = right as? String { return a == b }
        if let a = left as? NSNumber, let b = right as? NSNumber { return a == b }
        return false
    }

    private static func describe(_ value: Any) -> String {
        let text = "\(value)"
        return text.count > 60 ? String(text.prefix(60)) + "…" : text
    }
}
