import Foundation

/// Message and document ids: 36 characters, upper case, as customs requires.
public enum CEBGuid {
    /// A fresh random id.
    ///
    /// A version-4 UUID from the operating system's random source, read 4 KB at a time: the
    /// simulator and the sender make one per receipt and per transmission, and `UUID()` asked the
    /// kernel for every one of them.
    public static func make() -> String {
        var bytes = RandomPool.shared.sixteenBytes()
        bytes.6 = (bytes.6 & 0x0F) | 0x40
        bytes.8 = (bytes.8 & 0x3F) | 0x80
        return withUnsafeBytes(of: &bytes) { raw in text(raw) }
    }

    /// A stable id derived from `seed`: the same record always yields the same guid, so converting a
    /// batch twice produces identical messages (and an idempotent outbox can recognise them).
    public static func stable(_ seed: String) -> String {
        // FNV-1a over two lanes gives 128 bits without pulling in a crypto library here.
        var first: UInt64 = 0xcbf2_9ce4_8422_2325
        var second: UInt64 = 0x8422_2325_cbf2_9ce4
        for byte in seed.utf8 {
            first = (first ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            second = (second ^ UInt64(byte) ^ 0x5A) &* 0x0000_0100_0000_01B3
            second = (second << 7) | (second >> 57)
        }
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<8 {
            bytes[index] = UInt8(truncatingIfNeeded: first >> (8 * index))
            bytes[index + 8] = UInt8(truncatingIfNeeded: second >> (8 * index))
        }
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return bytes.withUnsafeBytes { raw in text(raw) }
    }

    /// The sixteen bytes as `XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX`, upper case, written directly:
    /// `UUID.uuidString` formats through `snprintf`, and ids are made for every receipt and transmission.
    static func text(_ bytes: UnsafeRawBufferPointer) -> String {
        precondition(bytes.count == 16, "a guid is sixteen bytes")
        return String(unsafeUninitializedCapacity: 36) { out in
            let digits: StaticString = "0123456789ABCDEF"
            var position = 0
            for index in 0..<16 {
                if index == 4 || index == 6 || index == 8 || index == 10 {
                    out[position] = UInt8(ascii: "-")
                    position += 1
                }
                let byte = bytes[index]
                out[position] = digits.utf8Start[Int(byte >> 4)]
                out[position + 1] = digits.utf8Start[Int(byte & 0x0F)]
                position += 2
            }
            return position
        }
    }
}
