public import Foundation
public import HTTPServerSupport

/// Where the operator console listens and whom it lets do what.
///
/// Without a token the console is read-only and binds to loopback only. With a token, operators
/// log in with it (and their name, for the audit trail) to retry and cancel; off loopback every
/// page needs a login.
public struct ConsoleConfiguration: Sendable {
    public var host = "127.0.0.1"
    /// 0 picks a free port.
    public var port = 0
    /// The login token; nil: read-only, loopback only.
    public var token: String?
    /// How long a login lasts.
    public var sessionLifetime: TimeInterval = 8 * 3600
    /// Days left on the signing certificate, shown on the overview (nil: no signer configured).
    public var certificateDaysLeft: Int64?
    /// Tax mismatches: the tolerance and how long a released inventory may wait for its bill.
    public var taxTolerance = Decimal(string: "0.01") ?? 0
    public var taxBillWithin: TimeInterval = 72 * 3600

    public var limits = ListenerLimits()
    /// When the console runs inside `swgate run`: the worker's circuit breaker, for the overview.
    public var breakerOpen: (@Sendable () -> Bool)?

    public init() {}

    public var isLoopback: Bool { Loopback.contains(host) }
}
