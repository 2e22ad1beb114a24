public import Foundation
public import HTTPServerSupport

/// Where the platDataOpen listener listens and whom it lets in.
public struct PlatformDataServerConfiguration: Sendable {
    public var host = "127.0.0.1"
    /// 0 picks a free port.
    public var port = 0
    /// When set, callers must send `Authorization: Bearer <token>`. Required off loopback (put
    /// the TLS reverse proxy that faces customs in front, adding the header).
    public var token: String?
    /// Requests larger than this are refused before they are read: a real one is a few hundred bytes.
    public var maxBytes = 64 * 1024
    /// An answer slower than this is logged as slow.
    public var answerWithin: TimeInterval = 1
    public var limits = ListenerLimits()

    public init() {}

    public var isLoopback: Bool { Loopback.contains(host) }
}
