import Foundation

/// The members of a JSON object as the bytes that spell their values, in order: how customs
/// rebuilds a 179 upload's signed text from the upload itself, byte for byte, instead of from a
/// re-serialisation that could differ.
enum RawJSONMembers {
    /// Each top-level member's name and the exact text of its value; nil when `text` is not an
    /// object (the caller parses it properly as well, for the values).
    static func members(_ text: String) -> [(name: String, value: Substring)]? {
        let bytes = Array(text.utf8)
        var index = 0
        func skipSpace() { while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 } }
        func skipString() -> Bool {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return false }
            index += 1
            while index < bytes.count {
                if bytes[index] == UInt8(ascii: "\\") {
                    index += 2
                } else if bytes[index] == UInt8(ascii: "\"") {
                    index += 1
                    return true
                } else {
                    index += 1
                }
            }
            return false
        }
        func skipValue() -> Bool {
            skipSpace()
            guard index < bytes.count else { return false }
            switch bytes[index] {
            case UInt8(ascii: "\""): return skipString()
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                var depth = 0
                while index < bytes.count {
                    switch bytes[index] {
                    case UInt8(ascii: "\""):
                        guard skipString() else { return false }
                        continue
                    case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                    case UInt8(ascii: "}"), UInt8(ascii: "]"):
                        depth -= 1
                        if depth == 0 {
                            index += 1
                            return true
                        }
                    default: break
                    }
                    index += 1
                }
                return false
            default:
                while index < bytes.count, ![UInt8(ascii: ","), UInt8(ascii: "}"), 0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) {
                    index += 1
                }
                return true
            }
        }
        skipSpace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else { return nil }
        index += 1
        var result: [(name: String, value: Substring)] = []
        while true {
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") { return result }
            let nameStart = index
            guard skipString() else { return nil }
            let name = String(decoding: bytes[(nameStart + 1)..<(index - 1)], as: UTF8.self)
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
            index += 1
            skipSpace()
            let valueStart = index
            guard skipValue() else { return nil }
            let value = String(decoding: bytes[valueStart..<index], as: UTF8.self)
            result.append((name, Substring(value)))
            skipSpace()
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
            } else if bytes[index] != UInt8(ascii: "}") {
                return nil
            }
        }
    }
}
