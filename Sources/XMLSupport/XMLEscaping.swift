/// Escaping of character data and attribute values for XML output.
///
/// Only the characters XML requires are replaced, so text written by swgate reads the same in a
/// text editor as in the platform's records. Carriage returns are written as a character reference
/// because a parser would otherwise normalise them away and change the signed bytes.
public enum XMLEscaping {
    /// Appends `text` to `output`, escaped for use as element content.
    public static func appendText(_ text: String, to output: inout String) {
        if !text.containsUTF8Byte(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x0D }) {
            output += text
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\r": output += "&#13;"
            default: output.unicodeScalars.append(scalar)
            }
        }
    }

    /// Appends `value` to `output`, escaped for use inside a double-quoted attribute.
    public static func appendAttribute(_ value: String, to output: inout String) {
        if !value.containsUTF8Byte(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A || $0 == 0x09 }) {
            output += value
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case "\"": output += "&quot;"
            case "\r": output += "&#13;"
            case "\n": output += "&#10;"
            case "\t": output += "&#9;"
            default: output.unicodeScalars.append(scalar)
            }
        }
    }

    /// Appends `text` to `bytes` as UTF-8, escaped for use as element content, as
    /// ``appendText(_:to:)-(_,inout String)`` does: runs that need no escape are copied whole.
    public static func appendText(_ text: String, to bytes: inout [UInt8]) {
        append(text, to: &bytes) { byte in
            switch byte {
            case UInt8(ascii: "&"): "&amp;"
            case UInt8(ascii: "<"): "&lt;"
            case UInt8(ascii: ">"): "&gt;"
            case 0x0D: "&#13;"
            default: nil
            }
        }
    }

    /// Appends `value` to `bytes` as UTF-8, escaped for use inside a double-quoted attribute, as
    /// ``appendAttribute(_:to:)-(_,inout String)`` does.
    public static func appendAttribute(_ value: String, to bytes: inout [UInt8]) {
        append(value, to: &bytes) { byte in
            switch byte {
            case UInt8(ascii: "&"): "&amp;"
            case UInt8(ascii: "<"): "&lt;"
            case UInt8(ascii: "\""): "&quot;"
            case 0x0D: "&#13;"
            case 0x0A: "&#10;"
            case 0x09: "&#9;"
            default: nil
            }
        }
    }

    /// Every byte the escapes name is ASCII, so they are never part of a multi-byte character.
    private static func append(_ text: String, to bytes: inout [UInt8], escape: (UInt8) -> StaticString?) {
        var text = text
        text.withUTF8 { utf8 in
            var start = 0
            for index in utf8.indices {
                guard let replacement = escape(utf8[index]) else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                bytes.append(contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
                start = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
    }

    /// Whether every scalar of `text` may appear in an XML 1.0 document.
    ///
    /// Control characters other than tab, line feed and carriage return cannot be written at all,
    /// not even as character references; callers reject such input instead of sending a message
    /// that customs cannot parse.
    public static func isAllowed(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            switch scalar.value {
            case 0x09, 0x0A, 0x0D: true
            case 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
            default: false
            }
        }
    }
}
