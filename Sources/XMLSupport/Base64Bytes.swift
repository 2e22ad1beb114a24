package import Foundation

/// Base64 decoded straight from bytes, for the text of an element such as a `DxpMsg`'s `Data`:
/// every message the simulator takes in and every receipt a worker reads carries its document
/// that way, and making a string of kilobytes of text only to decode it copies and checks every
/// byte twice more.
///
/// Only the plain form is decoded here: the alphabet, a length that is a multiple of four, at
/// most two `=` at the end, and no bits left over. Anything else (line breaks, spaces, other
/// characters) answers nil, and the caller decodes the text the lenient way, as before.
package enum Base64Bytes {
    package static func decodePlain(_ bytes: UnsafeBufferPointer<UInt8>) -> Data? {
        let count = bytes.count
        guard count > 0, count % 4 == 0 else { return nil }
        var padding = 0
        if bytes[count - 1] == equals { padding = bytes[count - 2] == equals ? 2 : 1 }
        let size = count / 4 * 3 - padding
        var output = Data(count: size)
        let decoded = output.withUnsafeMutableBytes { (raw: UnsafeMutableRawBufferPointer) -> Bool in
            values.withUnsafeBufferPointer { values in
                guard let out = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return size == 0 }
                let fullQuads = padding == 0 ? count / 4 : count / 4 - 1
                var written = 0
                for quad in 0..<fullQuads {
                    let at = quad * 4
                    let a = values[Int(bytes[at])]
                    let b = values[Int(bytes[at + 1])]
                    let c = values[Int(bytes[at + 2])]
                    let d = values[Int(bytes[at + 3])]
                    // A byte outside the alphabet has the high bit set: one test for the four.
                    guard (a | b | c | d) & 0x80 == 0 else { return false }
                    out[written] = a << 2 | b >> 4
                    out[written + 1] = b << 4 | c >> 2
                    out[written + 2] = c << 6 | d
                    written += 3
                }
                guard padding > 0 else { return true }
                let at = count - 4
                let a = values[Int(bytes[at])]
                let b = values[Int(bytes[at + 1])]
                if padding == 2 {
                    // One byte: the second character's low four bits are left over and must be zero.
                    guard (a | b) & 0x80 == 0, b & 0x0F == 0 else { return false }
                    out[written] = a << 2 | b >> 4
                    return true
                }
                let c = values[Int(bytes[at + 2])]
                guard (a | b | c) & 0x80 == 0, c & 0x03 == 0 else { return false }
                out[written] = a << 2 | b >> 4
                out[written + 1] = b << 4 | c >> 2
                return true
            }
        }
        return decoded ? output : nil
    }

    private static let equals = UInt8(ascii: "=")

    /// Each byte's six-bit value, or 0xFF for a byte outside the alphabet (`=` included: padding
    /// is handled apart, and one anywhere else makes the text not plain).
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, byte) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(byte)] = UInt8(value)
        }
        return table
    }()
}
