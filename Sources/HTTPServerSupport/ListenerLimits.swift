/// What every swgate listener bounds, whoever connects: how long a client may take to send one
/// complete request, and how many connections it holds open at once.
public struct ListenerLimits: Sendable, Hashable {
    /// From connecting (or the end of the previous response) to the end of the next request's
    /// body. A client that trickles its headers or body, or holds an idle keep-alive connection,
    /// is closed when it runs out.
    public var requestTimeout: Duration
    /// Open connections at once; one more is closed as soon as it is accepted (and logged).
    public var maxConnections: Int

    public init(requestTimeout: Duration = .seconds(30), maxConnections: Int = 256) {
        self.requestTimeout = requestTimeout
        self.maxConnections = maxConnections
    }
}
