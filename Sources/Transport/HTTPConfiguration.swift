public import Foundation

/// How to reach an endpoint: timeouts, TLS, proxy, headers and credentials.
public struct HTTPConfiguration: Sendable, Hashable {
    public var connectTimeout: TimeInterval = 5
    public var totalTimeout: TimeInterval = 30
    /// TLS certificate and host verification; off only for a test endpoint.
    public var verifyTLS = true
    public var caBundle: String?
    /// Client certificate and key for mutual TLS (PEM files).
    public var clientCertificate: String?
    public var clientKey: String?
    public var proxy: String?
    public var headers: [String: String] = [:]
    /// Sent as `Authorization: Bearer …`; never logged.
    public var bearerToken: String?
    /// The largest reply body read; a larger one aborts the transfer with an error. Customs'
    /// replies are a few hundred bytes; a page of polled receipts a few megabytes.
    public var maxResponseBytes = 32 * 1024 * 1024

    public init() {}
}

/// An HTTP response.
public struct HTTPResponse: Sendable, Hashable {
    public var status: Int
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// `Retry-After` in seconds, when given as a number.
    public var retryAfter: TimeInterval? {
        headers["retry-after"].flatMap { TimeInterval($0.trimmingCharacters(in: .whitespaces)) }
    }
}

/// Why a request got no HTTP response.
public struct TransportError: Error, Sendable, Hashable, LocalizedError {
    public enum Kind: Sendable, Hashable {
        /// Could not connect: nothing was sent, safe to retry.
        case connection
        /// Timed out or reset after sending began: the outcome is unclear.
        case unclear
        /// TLS, URL or configuration problems: retrying will not help.
        case configuration
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var errorDescription: String? { message }
}
