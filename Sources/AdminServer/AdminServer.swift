public import Adapters
public import Console
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

    /// What `/healthz` looks at besides the outbox: the worker's heartbeat, whether it polls, its
    /// circuit breaker and the signing certificate's days left.
    public struct WorkerProbe: Sendable {
        public var heartbeat: WorkerHeartbeat
        public var polling: Bool
        public var breakerOpen: @Sendable () -> Bool
        public var certificateDaysLeft: Int64?
        /// With the folder transport: the send folder as the dispatcher last saw it.
        public var sendFolder: SendFolderState?

        public init(
            heartbeat: WorkerHeartbeat, polling: Bool, breakerOpen: @escaping @Sendable () -> Bool, certificateDaysLeft: Int64?,
            sendFolder: SendFolderState? = nil
        ) {
            self.sendFolder = sendFolder
            self.heartbeat = heartbeat
            self.polling = polling
            self.breakerOpen = breakerOpen
            self.certificateDaysLeft = certificateDaysLeft
        }
    }

    public static func start(
        host: String = "127.0.0.1", port: Int, token: String?, store: SQLOutbox, metrics: DispatchMetrics?, worker: WorkerProbe? = nil,
        limits: ListenerLimits = ListenerLimits(), tax: TaxSettings = TaxSettings(),
        platformData: PlatformDataSettings = PlatformDataSettings(), console: ConsoleConfiguration? = nil
    ) async throws -> AdminServer {
        let loopback = Loopback.contains(host)
        if !loopback, (token ?? "").isEmpty { throw AdminServerError.tokenRequired(host) }
        let logger = Logger(label: "swgate.admin")
        let root = Router(context: SourcedRequestContext.self)
        // The token guards /healthz and /metrics; the console's pages, when mounted, have their
        // own login (a browser sends no bearer token).
        let router = root.group()
        router.requireToken(token, logger: logger)
        if var console {
            console.host = host
            ConsoleServer.addRoutes(to: root, console, store: store)
        }
        // The outbox's reads block: they run off the cooperative pool.
        let database = BlockingQueue(label: "swgate.admin.outbox")
        router.get("/healthz") { _, _ -> Response in
            let readable = (try? await database.run { try store.status(now: Date()) }) != nil
            let now = Date()
            var health: WorkerHealth
            if let worker {
                health = WorkerHealth.assess(
                    lastDispatch: worker.heartbeat.lastDispatch, lastPoll: worker.heartbeat.lastPoll, polling: worker.polling,
                    pollError: worker.heartbeat.lastPollError,
                    breakerOpen: worker.breakerOpen(), certificateDaysLeft: worker.certificateDaysLeft, outboxReadable: readable, now: now
                )
            } else {
                health = WorkerHealth(healthy: readable, problems: readable ? [] : ["the outbox cannot be read"])
            }
            if let folder = worker?.sendFolder?.latest, !folder.problems.isEmpty {
                health = WorkerHealth(healthy: false, problems: health.problems + folder.problems)
            }
            var lines = [health.healthy ? "ok" : "unhealthy"] + health.problems
            if let worker {
                let formatter = ISO8601DateFormatter()
                lines.append("last dispatch round: \(worker.heartbeat.lastDispatch.map(formatter.string) ?? "none yet")")
                if worker.polling { lines.append("last receipt poll: \(worker.heartbeat.lastPoll.map(formatter.string) ?? "none yet")") }
                lines.append("circuit breaker: \(worker.breakerOpen() ? "open" : "closed")")
                if let days = worker.certificateDaysLeft { lines.append("signing certificate: \(days) days left") }
            }
            return Response(
                status: health.healthy ? .ok : .serviceUnavailable,
                body: .init(byteBuffer: ByteBuffer(string: lines.joined(separator: "\n") + "\n")))
        }
        router.get("/metrics") { _, _ -> Response in
            let status = try await database.run { try store.status(now: Date()) }
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4"
            let notifications = try await database.run { try store.notificationBacklog() }
            let tax = try await database.run {
                try store.taxLedgerCounts(missingAfter: tax.billWithin, tolerance: tax.tolerance, now: Date())
            }
            let requests = try await database.run { try store.platformRequestCounts(now: Date(), uploadWithin: platformData.uploadWithin) }
            let text = MetricsText.render(
                status: status, dispatch: metrics?.snapshot(), notifications: notifications, tax: tax, platformData: requests,
                sendFolder: worker?.sendFolder?.latest)
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        let server = try await RunningServer.start(
            router: root, host: host, port: port, serverName: "swgate-admin", logger: logger, limits: limits)
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
