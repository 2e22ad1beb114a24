public import Hummingbird
import NIOCore

/// The request context of every swgate listener: Hummingbird's basics plus the caller's address,
/// so that every refused request can be logged with where it came from.
public struct SourcedRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The caller's address as the connection knows it; written out only when ``source`` is asked
    /// for (a refusal, a log line), not for every request that is simply served.
    private let remoteAddress: SocketAddress?

    /// `ip:port` of the caller, or `unknown`.
    public var source: String {
        guard let remoteAddress else { return "unknown" }
        return "\(remoteAddress.ipAddress ?? "?"):\(remoteAddress.port ?? 0)"
    }

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
