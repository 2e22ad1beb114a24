public import Hummingbird
import NIOCore

/// The request context of every swgate listener: Hummingbird's basics plus the caller's address,
/// so that every refused request can be logged with where it came from.
public struct SourcedRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// `ip:port` of the caller, or `unknown`.
    public let source: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        if let address = source.channel.remoteAddress {
            self.source = "\(address.ipAddress ?? "?"):\(address.port ?? 0)"
        } else {
            self.source = "unknown"
        }
    }
}
