public import Foundation
public import Hummingbird
public import Logging

/// A Hummingbird application started in the background, known by the URL it listens on.
///
/// Every swgate listener (simulator, receipt receiver, admin endpoint) starts the same way: bind,
/// learn the port actually bound (0 asks for any free one), and hand back something to stop.
public struct RunningServer: Sendable {
    public let baseURL: URL
    public let task: Task<Void, any Error>

    /// Starts `router` on `host:port` and returns once it listens.
    public static func start<Context: RequestContext>(
        router: Router<Context>, host: String, port: Int, serverName: String, logger: Logger
    ) async throws -> RunningServer where Context.Source == ApplicationRequestContextSource {
        let (stream, continuation) = AsyncStream<Int>.makeStream()
        // Hummingbird's own log: only what is critical. It reports a normal stop (task cancelled)
        // as an error, which would alarm whoever reads the demo's output; swgate's listeners log
        // what matters (refusals, failures) through their own loggers.
        var quiet = logger
        quiet.logLevel = .critical
        let application = Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: serverName),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: quiet
        )
        let task = Task { try await application.run() }
        var bound = 0
        for await value in stream { bound = value }
        let authority = host.contains(":") ? "[\(host)]" : host
        guard bound > 0, let url = URL(string: "http://\(authority):\(bound)") else {
            task.cancel()
            throw ServerStartError(serverName: serverName, host: host, port: port)
        }
        return RunningServer(baseURL: url, task: task)
    }
}

/// The listener never reported a bound port (the address is taken or not ours).
public struct ServerStartError: Error, LocalizedError {
    public let serverName: String
    public let host: String
    public let port: Int

    public var errorDescription: String? {
        "\(serverName) could not listen on \(host):\(port); is the port taken, or the address not this machine's?"
    }
}
