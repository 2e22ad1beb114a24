public import Foundation

/// Whatever holds the enterprise's private key: a PEM file, a USB key behind a command, a
/// signing server. swgate builds the signed XML; a signer only signs bytes.
public protocol Signer: Sendable {
    var algorithm: SignatureAlgorithm { get }
    /// The signing certificate, DER-encoded (sent in `X509Certificate`).
    var certificate: Data { get }
    /// The certificate number customs knows the key by (`KeyName`).
    var keyName: String { get }
    /// Signs `data` (the canonical `SignedInfo`) and returns the raw signature value.
    func sign(_ data: Data) throws(SigningError) -> Data
    /// Whether every signature this signer returns is known to verify with `certificate`: checked
    /// once when the key was loaded, or on each signature. Otherwise the enveloped signature checks
    /// each one itself (an SM2 verification costs about as much as the signing).
    var checksSignatures: Bool { get }
}

extension Signer {
    public var checksSignatures: Bool { false }
}
