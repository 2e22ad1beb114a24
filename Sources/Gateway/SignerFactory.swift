public import Adapters
public import Foundation
public import Signing
import HTTPClient
import Transport

/// Makes the signer a profile asks for.
public enum SignerFactory {
    /// The profile's signer — in-process from a PEM key, an external command or a signing server —
    /// or `nil` when the profile has no `signing` section.
    ///
    /// A signing server reached over plain http must be on loopback unless `allowPlainHTTP`.
    public static func signer(
        for profile: EnterpriseProfile, environment: [String: String] = ProcessInfo.processInfo.environment, allowPlainHTTP: Bool = false
    ) throws(SigningError) -> (any Signer)? {
        guard let settings = profile.signing else { return nil }
        let algorithm = settings.algorithm.flatMap(SignatureAlgorithm.init(rawValue:))
        if let url = settings.url {
            guard let algorithm else { throw SigningError(.permanent, "a signing server needs \"algorithm\" in the profile") }
            if let problem = PlainHTTPPolicy.problem(url, what: "the signing server", allowPlain: allowPlainHTTP) {
                throw SigningError(.permanent, problem)
            }
            var http = HTTPConfiguration()
            http.totalTimeout = settings.timeout
            http.connectTimeout = min(5, settings.timeout)
            http.bearerToken = environment["SWGATE_SIGNER_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
            return try HTTPSigner(
                url: url, certificate: try Certificate(contentsOf: settings.certificateFile), algorithm: algorithm,
                keyName: settings.keyName, http: http)
        }
        if let command = settings.command {
            guard let algorithm else { throw SigningError(.permanent, "an external signer needs \"algorithm\" in the profile") }
            return try CommandSigner(
                command: command, certificate: try Certificate(contentsOf: settings.certificateFile), algorithm: algorithm,
                keyName: settings.keyName, timeout: settings.timeout)
        }
        guard let keyFile = settings.keyFile else { throw SigningError(.permanent, "the profile's signing section names no key") }
        return try SoftwareSigner(
            keyFile: keyFile, certificateFile: settings.certificateFile, algorithm: algorithm, keyName: settings.keyName)
    }
}
