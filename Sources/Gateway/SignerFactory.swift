public import Adapters
public import Signing

/// Makes the signer a profile asks for.
public enum SignerFactory {
    /// The profile's software signer, or `nil` when the profile has no `signing` section.
    public static func signer(for profile: EnterpriseProfile) throws(SigningError) -> (any Signer)? {
        guard let settings = profile.signing else { return nil }
        let algorithm = settings.algorithm.flatMap(SignatureAlgorithm.init(rawValue:))
        return try SoftwareSigner(keyFile: settings.keyFile, certificateFile: settings.certificateFile, algorithm: algorithm, keyName: settings.keyName)
    }
}
