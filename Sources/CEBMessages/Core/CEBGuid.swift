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
        return UUID(uuid: bytes).uuidString
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
        let uuid = UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            ))
        return uuid.uuidString.uppercased()
    }
}
