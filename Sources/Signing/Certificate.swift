import CLibCrypto
public import Foundation

/// An X.509 certificate: the public key that verifies a signature, and when it expires.
public final class Certificate: @unchecked Sendable {  // the X509 is parsed once and only read afterwards
    let x509: OpaquePointer
    /// DER encoding, as carried in `X509Certificate`.
    public let der: Data

    /// Reads a PEM (`-----BEGIN CERTIFICATE-----`) or DER certificate.
    public init(bytes: Data) throws(SigningError) {
        var parsed: OpaquePointer?
        if bytes.starts(with: Data("-----".utf8)) || String(decoding: bytes.prefix(200), as: UTF8.self).contains("-----BEGIN") {
            parsed = bytes.withUnsafeBytes { raw -> OpaquePointer? in
                guard let bio = swgate_bio_from_bytes(raw.baseAddress, Int32(raw.count)) else { return nil }
                defer { BIO_free(bio) }
                return PEM_read_bio_X509(bio, nil, nil, nil)
            }
        } else {
            parsed = bytes.withUnsafeBytes { raw in
                swgate_x509_from_der(raw.bindMemory(to: UInt8.self).baseAddress, raw.count)
            }
        }
        guard let parsed else { throw SigningError(.permanent, "not an X.509 certificate (PEM or DER): \(OpenSSL.lastError())") }
        x509 = parsed
        var out: UnsafeMutablePointer<UInt8>?
        let length = swgate_x509_der(parsed, &out)
        guard length > 0, let out else {
            X509_free(parsed)
            throw SigningError(.permanent, "cannot encode the certificate")
        }
        der = Data(bytes: out, count: Int(length))
        swgate_openssl_free(out)
    }

    public convenience init(contentsOf url: URL) throws(SigningError) {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw SigningError(.permanent, "cannot read the certificate \(url.path)")
        }
        try self.init(bytes: data)
    }

    deinit {
        X509_free(x509)
    }

    /// The serial number in hexadecimal: the certificate number customs knows a key by.
    public var serialNumber: String {
        guard let serial = X509_get_serialNumber(x509), let number = ASN1_INTEGER_to_BN(serial, nil) else { return "" }
        defer { BN_free(number) }
        guard let hex = BN_bn2hex(number) else { return "" }
        defer { swgate_openssl_free(hex) }
        return String(cString: hex).lowercased()
    }

    /// Seconds until the certificate expires (negative once it has).
    public var secondsUntilExpiry: Int64 {
        Int64(swgate_x509_seconds_left(x509))
    }

    /// The public key (owned by the certificate).
    var publicKey: OpaquePointer? {
        X509_get0_pubkey(x509)
    }
}

extension Certificate {
    /// The algorithm with which `signature` over `data` verifies against this certificate's key,
    /// or nil when it does not: SM2-SM3 for an SM2 key; RSA-SHA1, then RSA-SHA256, for RSA.
    /// For raw-text signatures (announcement 179's `signValue`), where nothing names the algorithm.
    public func verifyingAlgorithm(of signature: Data, over data: Data) -> SignatureAlgorithm? {
        guard let key = publicKey else { return nil }
        let candidates: [SignatureAlgorithm] = swgate_pkey_is_sm2(key) == 1 ? [.sm2SM3] : [.rsaSHA1, .rsaSHA256]
        return candidates.first { OpenSSL.verify(data, signature: signature, key: key, digest: $0.digest) }
    }
}
