public import Foundation
public import Gateway
import HTTPServerSupport
import Hummingbird
import Logging
import NIOCore
public import Outbox

/// `swgate run --admin-port P`: `/healthz` and Prometheus `/metrics` for the worker.
/// Loopback by default; elsewhere only with a token, like every listener of swgate.
public final class AdminServer: Sendable {
    public let baseURL: URL
    private let task: Task<Void, any Error>

    private init(baseURL: URL, task: Task<Void, any Error>) {
        self.baseURL = baseURL
        self.task = task
    }

    public static func start(host: String = "127.0.0.1", port: Int, token: String?, store: SQLiteOutbox, metrics: DispatchMetrics?) async throws -> AdminServer {
        let loopback = ["127.0.0.1", "::1", "localhost"].contains(host)
        if !loopback, (token ?? "").isEmpty { throw AdminServerError.tokenRequired(host) }
        let router = Router()
        if let token, !token.isEmpty { router.add(middleware: BearerTokenMiddleware(token: token)) }
        router.get("/healthz") { _, _ -> Response in
            do {
                _ = try store.status(now: Date())
                return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
            } catch {
                return Response(status: .serviceUnavailable, body: .init(byteBuffer: ByteBuffer(string: "outbox unreadable\n")))
            }
        }
        router.get("/metrics") { _, _ -> Response in
            let status = try store.status(now: Date())
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: MetricsText.render(status: status, dispatch: metrics?.snapshot()))))
        }
        let (stream, continuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "swgate.admin")
        logger.logLevel = .warning
        let application = Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "swgate-admin"),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: logger
        )
        let task = Task { try await application.run() }
        var bound = 0
        for await value in stream { bound = value }
        guard bound > 0, let url = URL(string: "http://\(host.contains(":") ? "[\(host)]" : host):\(bound)") else {
            task.cancel()
            throw AdminServerError.notListening
        }
        return AdminServer(baseURL: url, task: task)
    }

    public func stop() { task.cancel() }
}

public enum AdminServerError: Error, LocalizedError {
    case tokenRequired(String)
    case notListening

    public var errorDescription: String? {
        switch self {
        case .tokenRequired(let host): "the admin endpoint on \(host) needs a token: add --admin-token SECRET (or set SWGATE_ADMIN_TOKEN)"
        case .notListening: "the admin endpoint did not start listening"
        }
    }
}
