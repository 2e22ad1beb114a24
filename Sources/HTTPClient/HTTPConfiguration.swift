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
