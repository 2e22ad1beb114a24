public import Foundation
public import Gateway
public import HTTPServerSupport
import Hummingbird
import Logging
import NIOCore
public import Outbox

/// `swgate run --admin-port P`: `/healthz` and Prometheus `/metrics` for the worker.
/// Loopback by default; elsewhere only with a token, like every listener of swgate.
public final class AdminServer: Sendable {
    public let baseURL: URL
    private let server: RunningServer

    private init(server: RunningServer) {
        self.baseURL = server.baseURL
        self.server = server
    }

    public static func start(
        host: String = "127.0.0.1", port: Int, token: String?, store: SQLOutbox, metrics: DispatchMetrics?, limits: ListenerLimits = ListenerLimits()
    ) async throws -> AdminServer {
        let loopback = ["127.0.0.1", "::1", "localhost"].contains(host)
        if !loopback, (token ?? "").isEmpty { throw AdminServerError.tokenRequired(host) }
        let logger = Logger(label: "swgate.admin")
        let router = Router(context: SourcedRequestContext.self)
        if let token, !token.isEmpty {
            router.add(middleware: BearerTokenMiddleware(token: token) { request, context in
                logger.warning("refused: no valid token", metadata: ["source": "\(context.source)", "path": "\(LogText.escaped(request.uri.path))"])
            })
        }
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
            let notifications = try store.notificationBacklog()
            let text = MetricsText.render(status: status, dispatch: metrics?.snapshot(), notifications: notifications)
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        let server = try await RunningServer.start(router: router, host: host, port: port, serverName: "swgate-admin", logger: logger, limits: limits)
        return AdminServer(server: server)
    }

    /// Begins a graceful shutdown (for `defer`).
    public func stop() { server.stop() }

    /// Shuts down gracefully and returns once stopped.
    public func shutdown() async { await server.shutdown() }
}

public enum AdminServerError: Error, LocalizedError {
    case tokenRequired(String)

    public var errorDescription: String? {
        switch self {
        case .tokenRequired(let host): "the admin endpoint on \(host) needs a token: add --admin-token SECRET (or set SWGATE_ADMIN_TOKEN)"
        }
    }
}
