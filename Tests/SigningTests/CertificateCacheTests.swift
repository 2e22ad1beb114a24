import Foundation
@testable import Signing
import Testing

@Suite("Certificate cache")
struct CertificateCacheTests {
    static func der(_ name: String) throws -> Data {
        try Certificate(contentsOf: EnvelopedSignatureTests.keys.appendingPathComponent("demo-\(name).cert.pem")).der
    }

    @Test("the same DER bytes give the same parsed certificate; other bytes another")
    func reuses() throws {
        let cache = CertificateCache(capacity: 4)
        let rsa = try Self.der("rsa")
        let first = try cache.certificate(der: rsa)
        let second = try cache.certificate(der: rsa)
        #expect(first === second)
        let sm2 = try cache.certificate(der: try Self.der("sm2"))
        #expect(sm2 !== first)
        #expect(sm2.der == (try Self.der("sm2")))
        #expect(cache.count == 2)
    }

    @Test("bytes that are not a certificate are refused and not kept")
    func refuses() throws {
        let cache = CertificateCache(capacity: 4)
        #expect(throws: SigningError.self) { try cache.certificate(der: Data("not a certificate".utf8)) }
        #expect(cache.count == 0)
    }

    @Test("a full cache starts over instead of growing")
    func bounded() throws {
        let cache = CertificateCache(capacity: 1)
        let rsa = try cache.certificate(der: try Self.der("rsa"))
        _ = try cache.certificate(der: try Self.der("sm2"))
        #expect(cache.count == 1)
        #expect(try cache.certificate(der: try Self.der("rsa")) !== rsa)
    }
}
