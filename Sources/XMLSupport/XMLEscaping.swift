/// Escaping of character data and attribute values for XML output.
///
/// Only the characters XML requires are replaced, so text written by swgate reads the same in a
/// text editor as in the platform's records. Carriage returns are written as a character reference
/// because a parser would otherwise normalise them away and change the signed bytes.
public enum XMLEscaping {
    /// Appends `text` to `output`, escaped for use as element content.
    public static func appendText(_ text: String, to output: inout String) {
        append(text, to: &output, attribute: false)
    }

    /// Appends `value` to `output`, escaped for use inside a double-quoted attribute.
    public static func appendAttribute(_ value: String, to output: inout String) {
        append(value, to: &output, attribute: true)
    }

    /// Appends `text` to `bytes` as UTF-8, escaped for use as element content; runs that need no
    /// escape are copied whole.
    public static func appendText(_ text: String, to bytes: inout [UInt8]) {
        append(text, to: &bytes, attribute: false)
    }

    /// Appends `value` to `bytes` as UTF-8, escaped for use inside a double-quoted attribute.
    public static func appendAttribute(_ value: String, to bytes: inout [UInt8]) {
        append(value, to: &bytes, attribute: true)
    }

    /// Text with nothing to escape (nearly all of it) is appended whole; the rest by the byte rules.
    private static func append(_ text: String, to output: inout String, attribute: Bool) {
        guard text.containsUTF8Byte(where: { escape($0, attribute: attribute) != nil }) else {
            output += text
            return
        }
        var bytes: [UInt8] = []
        append(text, to: &bytes, attribute: attribute)
        output += String(decoding: bytes, as: UTF8.self)
    }

    private static func append(_ text: String, to bytes: inout [UInt8], attribute: Bool) {
        var text = text
        text.withUTF8 { utf8 in
            var start = 0
            for index in utf8.indices {
                guard let replacement = escape(utf8[index], attribute: attribute) else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                bytes.append(contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
                start = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
    }

    /// The reference for a byte that must not stand as itself, in text or in an attribute. Every
    /// such byte is ASCII, so it is never part of a multi-byte character.
    private static func escape(_ byte: UInt8, attribute: Bool) -> StaticString? {
        switch byte {
        case UInt8(ascii: "&"): "&amp;"
        case UInt8(ascii: "<"): "&lt;"
        case UInt8(ascii: ">"): attribute ? nil : "&gt;"
        case UInt8(ascii: "\""): attribute ? "&quot;" : nil
        case 0x0D: "&#13;"
        case 0x0A: attribute ? "&#10;" : nil
        case 0x09: attribute ? "&#9;" : nil
        default: nil
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
