/// A string as a JSON string literal, quotes included: the one escaping rule behind every JSON
/// swgate writes (``JSONOutput``, stored receipt fields, notifications, HTTP answers).
public enum JSONString {
    public static func quoted(_ text: String) -> String {
        // Most values need no escape at all: copy them whole rather than scalar by scalar, since
        // this runs for every field of every receipt applied.
        // Scanned over the contiguous bytes: iterating `String.UTF8View` calls through the
        // collection protocols for every byte.
        var scanned = text
        let plain = scanned.withUTF8 { bytes in
            !bytes.contains { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 < 0x20 }
        }
        if plain {
            var out = "\""
            out.reserveCapacity(text.utf8.count + 2)
            out += text
            out += "\""
            return out
        }
        var bytes: [UInt8] = [UInt8(ascii: "\"")]
        bytes.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case UInt8(ascii: "\n"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case UInt8(ascii: "\r"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case UInt8(ascii: "\t"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20:
                let digits = Array("0123456789abcdef".utf8)
                bytes += [
                    UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), digits[Int(byte >> 4)],
                    digits[Int(byte & 0xF)],
                ]
            default:
                // UTF-8 continuation and lead bytes are never below 0x80: multi-byte characters pass whole.
                bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
        return String(decoding: bytes, as: UTF8.self)
    }
}
