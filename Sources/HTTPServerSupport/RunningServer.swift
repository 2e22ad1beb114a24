public import Foundation
public import Hummingbird
public import Logging
import ServiceLifecycle

/// A Hummingbird application started in the background, known by the URL it listens on.
///
/// Every swgate listener (simulator, receipt receiver, admin endpoint) starts the same way: bind,
/// learn the port actually bound (0 asks for any free one), and hand back something to stop.
///
/// Stopping is graceful, never a task cancellation: cancelling the serving task drops connections
/// that NIO has accepted but not yet handed over, and NIO traps on them ("Deinited NIOAsyncWriter
/// without calling finish()", apple/swift-nio#2813) — a crash that took down the test run. A
/// graceful shutdown closes the listening socket, serves what was accepted and closes idle
/// connections; only if that takes longer than `gracePeriod` is the task cancelled.
public struct RunningServer: Sendable {
    public let baseURL: URL
    let group: ServiceGroup
    let task: Task<Void, any Error>

    /// Starts `router` on `host:port` and returns once it listens.
    ///
    /// Every connection is bounded by `limits` (``ConnectionGuard``): a client that does not send a
    /// complete request in time is closed, and connections beyond the budget are refused; both,
    /// and malformed HTTP, are logged with the client's address through `logger`. `io` chooses the
    /// threads that read and write the connections (``ListenerIO``).
    public static func start<Context: RequestContext>(
        router: Router<Context>, host: String, port: Int, serverName: String, logger: Logger, limits: ListenerLimits = ListenerLimits(),
        io: ListenerIO = .threadPerCore
    ) async throws -> RunningServer where Context.Source == ApplicationRequestContextSource {
        let (stream, continuation) = AsyncStream<Int>.makeStream()
        // Hummingbird's own log: only what is critical. It reports a normal stop as an error,
        // which would alarm whoever reads the demo's output; swgate's listeners log what matters
        // (refusals, failures) through their own loggers.
        var quiet = logger
        quiet.logLevel = .critical
        let budget = ConnectionBudget(limit: limits.maxConnections)
        let application = Application(
            router: router,
            server: .http1(
                configuration: .init(additionalChannelHandlers: [ConnectionGuard(limits: limits, budget: budget, logger: logger)])),
            configuration: .init(address: .hostname(host, port: port), serverName: serverName),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            eventLoopGroupProvider: io.provider,
            logger: quiet
        )
        let group = ServiceGroup(configuration: .init(services: [application], gracefulShutdownSignals: [], logger: quiet))
        let task = Task {
            defer { continuation.finish() }
            try await group.run()
        }
        var bound = 0
        for await value in stream { bound = value }
        let authority = host.contains(":") ? "[\(host)]" : host
        let server = RunningServer(
            baseURL: URL(string: "http://\(authority):\(bound)") ?? URL(fileURLWithPath: "/"), group: group, task: task)
        guard bound > 0 else {
            await server.shutdown()
            throw ServerStartError(serverName: serverName, host: host, port: port)
        }
        return server
    }

    /// Begins a graceful shutdown and returns at once (for `defer`).
    public func stop() {
        Task { await shutdown() }
    }

    /// Shuts down gracefully and returns when the server has stopped.
    public func shutdown(gracePeriod: Duration = .seconds(5)) async {
        await group.triggerGracefulShutdown()
        let task = self.task
        let deadline = Task {
            try await Task.sleep(for: gracePeriod)
            task.cancel()
        }
        _ = try? await task.value
        deadline.cancel()
    }

    /// Waits until the server stops (for commands that serve until interrupted).
    public func wait() async {
        _ = try? await task.value
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
