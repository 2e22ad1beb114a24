public import Adapters
public import Signing

/// Makes the signer a profile asks for.
public enum SignerFactory {
    /// The profile's signer — in-process from a PEM key, or an external command — or `nil` when
    /// the profile has no `signing` section.
    public static func signer(for profile: EnterpriseProfile) throws(SigningError) -> (any Signer)? {
        guard let settings = profile.signing else { return nil }
        let algorithm = settings.algorithm.flatMap(SignatureAlgorithm.init(rawValue:))
        if let command = settings.command {
            guard let algorithm else { throw SigningError(.permanent, "an external signer needs \"algorithm\" in the profile") }
            return try CommandSigner(command: command, certificate: try Certificate(contentsOf: settings.certificateFile), algorithm: algorithm, keyName: settings.keyName, timeout: settings.timeout)
        }
        guard let keyFile = settings.keyFile else { throw SigningError(.permanent, "the profile's signing section names no key") }
        return try SoftwareSigner(keyFile: keyFile, certificateFile: settings.certificateFile, algorithm: algorithm, keyName: settings.keyName)
    }
}
