import CLibCrypto
public import Foundation

/// Signs in-process with a private key from a PEM file (RSA or SM2), for enterprises whose
/// rules allow a software key; USB keys and signing servers use an external signer instead.
public final class SoftwareSigner: Signer, @unchecked Sendable {  // the key is only read; every signature makes its own OpenSSL context
    public let algorithm: SignatureAlgorithm
    /// The key was proven to match the certificate when it was loaded.
    public var checksSignatures: Bool { true }
    public let certificate: Data
    public let keyName: String
    public let certificateInfo: Certificate
    private let key: OpaquePointer

    public init(keyPEM: Data, certificate: Certificate, algorithm: SignatureAlgorithm? = nil, keyName: String? = nil) throws(SigningError) {
        let loaded = keyPEM.withUnsafeBytes { raw -> OpaquePointer? in
            guard let bio = swgate_bio_from_bytes(raw.baseAddress, Int32(raw.count)) else { return nil }
            defer { BIO_free(bio) }
            return PEM_read_bio_PrivateKey(bio, nil, nil, nil)
        }
        guard let loaded else { throw SigningError(.permanent, "not a PEM private key: \(OpenSSL.lastError())") }
        key = loaded
        let isSM2 = swgate_pkey_is_sm2(loaded) == 1
        let chosen = algorithm ?? (isSM2 ? .sm2SM3 : .rsaSHA1)
        guard (chosen == .sm2SM3) == isSM2 else {
            EVP_PKEY_free(loaded)
            throw SigningError(.permanent, "the key is \(isSM2 ? "SM2" : "RSA") but the algorithm is \(chosen.rawValue)")
        }
        self.algorithm = chosen
        certificateInfo = certificate
        self.certificate = certificate.der
        self.keyName = keyName ?? certificate.serialNumber
        // The key must match the certificate, or every signature would fail customs' check.
        let probe = Data("swgate key check".utf8)
        let signature = try OpenSSL.sign(probe, key: loaded, digest: chosen.digest)
        guard let publicKey = certificate.publicKey, OpenSSL.verify(probe, signature: signature, key: publicKey, digest: chosen.digest)
        else {
            throw SigningError(.permanent, "the private key does not belong to the certificate")
        }
    }

    public convenience init(keyFile: URL, certificateFile: URL, algorithm: SignatureAlgorithm? = nil, keyName: String? = nil)
        throws(SigningError)
    {
        let pem: Data
        do {
            pem = try Data(contentsOf: keyFile)
        } catch {
            throw SigningError(.permanent, "cannot read the key \(keyFile.path)")
        }
        try self.init(keyPEM: pem, certificate: try Certificate(contentsOf: certificateFile), algorithm: algorithm, keyName: keyName)
    }

    deinit {
        EVP_PKEY_free(key)
    }

    public func sign(_ data: Data) throws(SigningError) -> Data {
        try OpenSSL.sign(data, key: key, digest: algorithm.digest)
    }
}
