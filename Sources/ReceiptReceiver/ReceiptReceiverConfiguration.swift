import Foundation

/// Where the push receiver listens and whom it lets in.
public struct ReceiptReceiverConfiguration: Sendable {
    public var host = "127.0.0.1"
    /// 0 picks a free port.
    public var port = 0
    /// When set, callers must send `Authorization: Bearer <token>`. Required off loopback.
    public var token: String?
    /// Receipts larger than this are refused (413) before they are parsed.
    public var maxBytes = 16 * 1024 * 1024

    public init() {}

    public var isLoopback: Bool { ["127.0.0.1", "::1", "localhost"].contains(host) }
}
