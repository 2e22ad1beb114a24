import Foundation

/// Certificates already parsed, by their DER bytes.
///
/// A gateway verifies the same few certificates over and over: its own signing key's before
/// every signed message leaves, and the customs keys on receipts. Parsing the X.509 structure is
/// a large part of a verification's cost (figures in docs/performance.md), so a verification
/// without an explicit certificate looks the embedded one up here first.
/// Certificates are immutable once parsed; the cache is bounded and simply starts over when full.
final class CertificateCache: @unchecked Sendable {  // `entries` is read and written under `lock`
    static let shared = CertificateCache(capacity: 64)

    private let lock = NSLock()
    private var entries: [Data: Certificate] = [:]
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// The certificate with these DER bytes, parsed once.
    func certificate(der: Data) throws(SigningError) -> Certificate {
        if let known = lock.withLock({ entries[der] }) { return known }
        let parsed = try Certificate(bytes: der)
        lock.withLock {
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[der] = parsed
        }
        return parsed
    }

    var count: Int { lock.withLock { entries.count } }
}
