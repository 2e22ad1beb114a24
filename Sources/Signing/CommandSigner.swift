import ExternalCommand
public import Foundation

/// A signer behind a command: a USB key's tool, an HSM client, a script calling a signing server.
///
/// The command gets the bytes to sign (the canonical `SignedInfo`) on standard input and the
/// algorithm in `$SWGATE_SIGN_ALGORITHM` (`rsa-sha1`, `rsa-sha256`, `sm2-sm3`), and prints the
/// signature value in Base64 — or a JSON object `{"signature": "…", "certificate": "…"}`, whose
/// certificate (Base64 DER) must be the configured one. Exit 75 (EX_TEMPFAIL) or a timeout is a
/// transient failure, retried by the dispatcher; any other failure is permanent. Every signature is
/// verified against the certificate before it is used, so a signer returning garbage is caught here
/// and not by customs.
public struct CommandSigner: Signer {
    public let algorithm: SignatureAlgorithm
    /// Each signature the command returns is verified with the certificate.
    public var checksSignatures: Bool { true }
    public let certificate: Data
    public let keyName: String
    public let command: [String]
    public let timeout: TimeInterval
    let certificateInfo: Certificate

    public init(
        command: [String], certificate: Certificate, algorithm: SignatureAlgorithm, keyName: String? = nil, timeout: TimeInterval = 10
    ) throws(SigningError) {
        guard let executable = command.first, !executable.isEmpty else { throw SigningError(.permanent, "the signing command is empty") }
        self.command = command
        self.certificateInfo = certificate
        self.certificate = certificate.der
        self.algorithm = algorithm
        self.keyName = keyName ?? certificate.serialNumber
        self.timeout = timeout
    }

    public func sign(_ data: Data) throws(SigningError) -> Data {
        let output = try run(input: data)
        let signature = try Self.decode(output, expectedCertificate: certificate, source: "the signing command")
        guard let publicKey = certificateInfo.publicKey,
            OpenSSL.verify(data, signature: signature, key: publicKey, digest: algorithm.digest)
        else {
            throw SigningError(
                .permanent, "the signing command returned a signature that the certificate does not verify (wrong key or algorithm?)")
        }
        return signature
    }

    /// Reads an external signer's answer: a Base64 signature, or JSON with `signature` and
    /// `certificate`. `source` names the signer in errors.
    static func decode(_ output: Data, expectedCertificate: Data, source: String) throws(SigningError) -> Data {
        let text = String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        var encoded = text
        if text.hasPrefix("{") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
                let value = object["signature"] as? String
            else {
                throw SigningError(.permanent, "\(source) answered JSON without a \"signature\" string")
            }
            encoded = value
            if let returned = object["certificate"] as? String {
                guard let der = Data(base64Encoded: returned, options: .ignoreUnknownCharacters), der == expectedCertificate else {
                    throw SigningError(.permanent, "\(source) used a different certificate than the profile names")
                }
            }
        }
        guard !encoded.isEmpty, let signature = Data(base64Encoded: encoded, options: .ignoreUnknownCharacters), !signature.isEmpty else {
            throw SigningError(.permanent, "\(source) did not answer with a Base64 signature")
        }
        return signature
    }

    private func run(input: Data) throws(SigningError) -> Data {
        let output: ExternalCommand.Output
        do {
            output = try ExternalCommand(command, timeout: timeout).run(
                input: input, environment: ["SWGATE_SIGN_ALGORITHM": algorithm.rawValue])
        } catch {
            switch error {
            case .cannotStart: throw SigningError(.permanent, "the signing command: \(error.localizedDescription)")
            case .timedOut: throw SigningError(.transient, "the signing command did not answer within \(Int(timeout)) s")
            }
        }
        guard output.status == 0 else {
            let detail = output.reason.isEmpty ? "" : ": \(output.reason)"
            throw SigningError(output.status == 75 ? .transient : .permanent, "the signing command exited with \(output.status)\(detail)")
        }
        return output.standardOutput
    }
}
