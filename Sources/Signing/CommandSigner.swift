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
    public let certificate: Data
    public let keyName: String
    public let command: [String]
    public let timeout: TimeInterval
    let certificateInfo: Certificate

    public init(command: [String], certificate: Certificate, algorithm: SignatureAlgorithm, keyName: String? = nil, timeout: TimeInterval = 10) throws(SigningError) {
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
        let signature = try Self.decode(output, expectedCertificate: certificate)
        guard let publicKey = certificateInfo.publicKey, OpenSSL.verify(data, signature: signature, key: publicKey, digest: algorithm.digest) else {
            throw SigningError(.permanent, "the signing command returned a signature that the certificate does not verify (wrong key or algorithm?)")
        }
        return signature
    }

    /// Reads the command's answer: a Base64 signature, or JSON with `signature` and `certificate`.
    static func decode(_ output: Data, expectedCertificate: Data) throws(SigningError) -> Data {
        let text = String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        var encoded = text
        if text.hasPrefix("{") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], let value = object["signature"] as? String else {
                throw SigningError(.permanent, "the signing command printed JSON without a \"signature\" string")
            }
            encoded = value
            if let returned = object["certificate"] as? String {
                guard let der = Data(base64Encoded: returned, options: .ignoreUnknownCharacters), der == expectedCertificate else {
                    throw SigningError(.permanent, "the signing command used a different certificate than the profile names")
                }
            }
        }
        guard !encoded.isEmpty, let signature = Data(base64Encoded: encoded, options: .ignoreUnknownCharacters), !signature.isEmpty else {
            throw SigningError(.permanent, "the signing command did not print a Base64 signature")
        }
        return signature
    }

    private func run(input: Data) throws(SigningError) -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        var environment = ProcessInfo.processInfo.environment
        environment["SWGATE_SIGN_ALGORITHM"] = algorithm.rawValue
        process.environment = environment
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        do {
            try process.run()
        } catch {
            throw SigningError(.permanent, "cannot run the signing command \(command[0]): \(error.localizedDescription)")
        }
        // Read both outputs concurrently so a chatty command never blocks on a full pipe.
        let collected = OutputCollector()
        let readers = DispatchGroup()
        DispatchQueue.global().async(group: readers) { collected.setOutput(stdout.fileHandleForReading.readDataToEndOfFile()) }
        DispatchQueue.global().async(group: readers) { collected.setError(stderr.fileHandleForReading.readDataToEndOfFile()) }
        try? stdin.fileHandleForWriting.write(contentsOf: input)
        try? stdin.fileHandleForWriting.close()
        if exited.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            _ = exited.wait(timeout: .now() + 2)
            throw SigningError(.transient, "the signing command did not answer within \(Int(timeout)) s")
        }
        readers.wait()
        let status = process.terminationStatus
        guard status == 0 else {
            let reason = String(decoding: collected.error.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            let detail = reason.isEmpty ? "" : ": \(reason)"
            throw SigningError(status == 75 ? .transient : .permanent, "the signing command exited with \(status)\(detail)")
        }
        return collected.output
    }
}

/// The two output streams of a signing command, filled from two reader threads.
private final class OutputCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var outputData = Data()
    private var errorData = Data()

    func setOutput(_ data: Data) { lock.withLock { outputData = data } }
    func setError(_ data: Data) { lock.withLock { errorData = data } }
    var output: Data { lock.withLock { outputData } }
    var error: Data { lock.withLock { errorData } }
}
