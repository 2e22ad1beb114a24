import Foundation
public import HTTPServerSupport
public import Signing

/// Where the push receiver listens and whom it lets in.
public struct ReceiptReceiverConfiguration: Sendable {
    public var host = "127.0.0.1"
    /// 0 picks a free port.
    public var port = 0
    /// When set, callers must send `Authorization: Bearer <token>`. Required off loopback.
    public var token: String?
    /// Receipts larger than this are refused (413) before they are parsed.
    public var maxBytes = 16 * 1024 * 1024
    /// When set, every receipt must carry an enveloped signature (on its DxpMsg envelope, or on
    /// the receipt itself when it comes unwrapped) made with one of these certificates; anything
    /// else is refused (403). A forged "800 released" then needs customs' key, not just a token.
    public var trustedCertificates: [Certificate] = []
    /// How long a caller may take to send one request, and how many connections it may hold.
    public var limits = ListenerLimits()

    public init() {}

    public var isLoopback: Bool { Loopback.contains(host) }
}
