public import Foundation
public import HTTPClient

/// A signer reached over HTTP: the enterprise's signing server (a machine with the USB key, an HSM
/// gateway), shared by every gateway host.
///
/// swgate POSTs JSON `{"algorithm": "rsa-sha1", "keyName": "…", "data": "<Base64 of the canonical
/// SignedInfo>"}` and expects 200 with the Base64 signature — as the body, or as JSON
/// `{"signature": "…", "certificate": "…"}` whose certificate must be the configured one. A bearer
/// token (`$SWGATE_SIGNER_TOKEN`) is sent when set and never logged.
///
/// Failures are classified for the dispatcher: no connection, a timeout, 5xx, 429 or 503 are
/// transient (the message waits and is signed again later); any other status, a malformed answer
/// or a signature the certificate does not verify is permanent. Every signature is verified
/// before it is used, so a server signing with the wrong key is caught here, not by customs.
public struct HTTPSigner: Signer {
    public let algorithm: SignatureAlgorithm
    /// Each signature the server returns is verified with the certificate.
    public var checksSignatures: Bool { true }
    public let certificate: Data
    public let keyName: String
    public let url: String
    let certificateInfo: Certificate
    let clients: CurlClientPool

    public init(
        url: String, certificate: Certificate, algorithm: SignatureAlgorithm, keyName: String? = nil, http: HTTPConfiguration,
        concurrency: Int = 4
    ) throws(SigningError) {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), ["http", "https"].contains(scheme),
            parsed.host != nil
        else {
            throw SigningError(.permanent, "the signing server URL '\(url)' is not an http(s) URL")
        }
        self.url = url
        self.certificateInfo = certificate
        self.certificate = certificate.der
        self.algorithm = algorithm
        self.keyName = keyName ?? certificate.serialNumber
        do {
            clients = try CurlClientPool(size: concurrency, configuration: http)
        } catch {
            throw SigningError(.permanent, "the signing server's HTTP client: \(error.localizedDescription)")
        }
    }

    public func sign(_ data: Data) throws(SigningError) -> Data {
        let fields = ["algorithm": algorithm.rawValue, "keyName": keyName, "data": data.base64EncodedString()]
        guard let request = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes]) else {
            throw SigningError(.permanent, "cannot write the signing request")
        }
        let response: HTTPResponse
        do {
            response = try clients.with { client throws(TransportError) in
                try client.post(url, body: request, contentType: "application/json")
            }
        } catch {
            switch error.kind {
            case .connection, .unclear: throw SigningError(.transient, "the signing server: \(error.localizedDescription)")
            case .configuration: throw SigningError(.permanent, "the signing server: \(error.localizedDescription)")
            }
        }
        switch response.status {
        case 200:
            break
        case 429, 500...599:
            throw SigningError(.transient, "the signing server answered HTTP \(response.status)\(Self.reason(response.body))")
        default:
            throw SigningError(.permanent, "the signing server answered HTTP \(response.status)\(Self.reason(response.body))")
        }
        let signature = try CommandSigner.decode(response.body, expectedCertificate: certificate, source: "the signing server")
        guard let publicKey = certificateInfo.publicKey,
            OpenSSL.verify(data, signature: signature, key: publicKey, digest: algorithm.digest)
        else {
            throw SigningError(
                .permanent, "the signing server returned a signature that the certificate does not verify (wrong key or algorithm?)")
        }
        return signature
    }

    /// The first line of an error body, short: the server's own reason.
    static func reason(_ body: Data) -> String {
        let text = String(decoding: body.prefix(200), as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return text.isEmpty ? "" : ": \(text)"
    }
}
