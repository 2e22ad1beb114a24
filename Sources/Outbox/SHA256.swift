import CLibCrypto
public import Foundation

/// SHA-256, hex-encoded: payloads are stored once by it, receipts deduplicated by it.
public enum SHA256 {
    /// The 32 bytes of the digest.
    public static func digest(_ data: Data) -> [UInt8] {
        data.withUnsafeBytes { raw in digest(raw) }
    }

    private static func digest(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        _ = EVP_Digest(bytes.baseAddress, bytes.count, &digest, &length, algorithm.method ?? EVP_sha256(), nil)
        return digest
    }

    /// The algorithm fetched from OpenSSL's provider once: given `EVP_sha256()`, OpenSSL 3 looks
    /// the implementation up again on every digest, a cost as large as hashing a small receipt.
    private static let algorithm = FetchedDigest()

    private final class FetchedDigest: @unchecked Sendable {  // the fetched EVP_MD is immutable and OpenSSL allows sharing it
        /// Immutable after `init`, and OpenSSL's fetched methods may be shared between threads.
        let method = EVP_MD_fetch(nil, "SHA256", nil)
    }

    public static func hex(_ data: Data) -> String {
        data.withUnsafeBytes { raw in hex(raw) }
    }

    /// The hex digest of bytes already in memory (a text assembled as bytes, with no copy into `Data`).
    public static func hex(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { raw in hex(raw) }
    }

    private static func hex(_ bytes: UnsafeRawBufferPointer) -> String {
        let digest = digest(bytes)
        let table = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in digest {
            out.append(table[Int(byte >> 4)])
            out.append(table[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func hex(_ text: String) -> String { hex(Data(text.utf8)) }
}
