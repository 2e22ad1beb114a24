import Hummingbird
import NIOPosix

/// The threads a listener reads and writes its connections on. Handlers run on Swift's
/// concurrency pool either way; these threads only move bytes between sockets and handlers.
public enum ListenerIO: Sendable {
    /// NIO's shared group, a thread per core: many connections spread over the cores.
    case threadPerCore
    /// One thread for the process's lifetime, shared by every listener that asks for it: a
    /// listener with a handful of busy connections (the simulator's senders and poller) has
    /// its reads batched on one thread instead of waking a second to read one connection.
    case singleThread

    var provider: EventLoopGroupProvider {
        switch self {
        case .threadPerCore: .singleton
        case .singleThread: .shared(Self.single)
        }
    }

    /// Like NIO's singleton groups, never shut down.
    private static let single = MultiThreadedEventLoopGroup(numberOfThreads: 1)
}
