public import Foundation
import CEBMessages
import Gateway
import HTTPClient
public import HTTPServerSupport
public import Hummingbird
public import Logging
import NIOCore
public import Outbox

/// `swgate console`: the operator console in the browser, rendered on the server (no script).
///
/// Pages: the overview, search, a document (messages, attempts, the receipt timeline with customs'
/// reasons, the payload with personal data masked), dead letters and rejections, the tax ledger.
/// Retry and cancel are POST only, need a login (the token, exchanged for an HttpOnly,
/// SameSite=Strict session cookie) and the session's CSRF token, and go into the audit trail with
/// the operator's name. Every refusal is logged with the caller's address.
public final class ConsoleServer: Sendable {
    public let baseURL: URL
    private let server: RunningServer

    private init(server: RunningServer) {
        baseURL = server.baseURL
        self.server = server
    }

    static let cookie = "swgate_console"

    public static func start(
        _ configuration: ConsoleConfiguration, store: SQLOutbox, logger: Logger = Logger(label: "swgate.console")
    ) async throws -> ConsoleServer {
        if !configuration.isLoopback, (configuration.token ?? "").isEmpty { throw ConsoleError.tokenRequired(configuration.host) }
        let router = Router(context: SourcedRequestContext.self)
        router.get("/healthz") { _, _ in "ok" }
        addRoutes(to: router, configuration, store: store, logger: logger)
        let server = try await RunningServer.start(
            router: router, host: configuration.host, port: configuration.port, serverName: "swgate-console", logger: logger,
            limits: configuration.limits)
        return ConsoleServer(server: server)
    }

    /// The console's pages and actions on `router`: its own listener's, or the worker's admin
    /// endpoint's (`run --admin-port P --console`), beside `/healthz` and `/metrics`.
    public static func addRoutes(
        to router: Router<SourcedRequestContext>, _ configuration: ConsoleConfiguration, store: SQLOutbox,
        logger: Logger = Logger(label: "swgate.console")
    ) {
        let sessions = ConsoleSessions(lifetime: configuration.sessionLifetime)
        let database = BlockingQueue(label: "swgate.console.outbox")
        let access = ConsoleAccess(configuration: configuration, sessions: sessions, logger: logger)
        router.get("/") { request, context -> Response in
            guard let page = access.page(request, context) else { return access.toLogin(request) }
            let data = try await database.run {
                let now = Date()
                return ConsolePage.Overview(
                    status: try store.status(now: now), overdue: try store.overdueCount(ReceiptDeadlines(), now: now),
                    notifications: try store.notificationBacklog(),
                    platformData: try store.platformRequestCounts(now: now, uploadWithin: 600),
                    sentLastHour: try store.attemptCount(since: now.addingTimeInterval(-3600)),
                    certificateDaysLeft: configuration.certificateDaysLeft, breakerOpen: configuration.breakerOpen?())
            }
            return Self.html(page.render(title: page.text["overview"], body: page.overview(data)))
        }
        router.get("/search") { request, context -> Response in
            guard let page = access.page(request, context) else { return access.toLogin(request) }
            let query = (request.uri.queryParameters.get("q") ?? "").trimmingCharacters(in: .whitespaces)
            let criteria = SearchCriteria(request.uri.queryParameters)
            let found = try await database.run { () -> [DocumentSummary] in
                if !query.isEmpty { return try store.search(query) }
                return try store.documents(criteria.filter(limit: 50))
            }
            let next = query.isEmpty && found.count == 50 ? found.last?.id : nil
            return Self.html(
                page.render(
                    title: page.text["search"], body: page.search(query: query, criteria: criteria, results: found, nextBefore: next)))
        }
        router.get("/document/:id") { request, context -> Response in
            guard let page = access.page(request, context) else { return access.toLogin(request) }
            let id = context.parameters.get("id") ?? ""
            guard let detail = try await database.run({ try store.details(id).first { String($0.summary.id) == id } }) else {
                return Self.html(page.render(title: "404", body: "<p>\(HTML.escape(id))</p>"), status: .notFound)
            }
            return Self.html(
                page.render(title: "\(detail.summary.messageType.rawValue) \(detail.summary.orderNo)", body: page.document(detail)))
        }
        router.get("/dead") { request, context -> Response in
            guard let page = access.page(request, context) else { return access.toLogin(request) }
            let (dead, rejected) = try await database.run {
                (
                    try store.documents(DocumentFilter(state: .dead, limit: 500)),
                    try store.documents(DocumentFilter(state: .rejected, limit: 500))
                )
            }
            return Self.html(page.render(title: page.text["dead"], body: page.dead(dead: dead, rejected: rejected)))
        }
        router.get("/tax") { request, context -> Response in
            guard let page = access.page(request, context) else { return access.toLogin(request) }
            let counts = try await database.run {
                try store.taxLedgerCounts(missingAfter: configuration.taxBillWithin, tolerance: configuration.taxTolerance, now: Date())
            }
            return Self.html(page.render(title: page.text["tax"], body: page.tax(counts)))
        }
        router.get("/login") { request, _ -> Response in
            let page = access.anonymousPage(request)
            return Self.html(page.render(title: page.text["login"], body: page.login(failed: false)))
        }
        router.post("/login") { request, context -> Response in
            let fields = await Self.form(request)
            let page = access.anonymousPage(request, language: fields.first { $0.0 == "lang" }?.1)
            guard let token = configuration.token, !token.isEmpty else {
                access.refuse("login attempted on a read-only console", request, context)
                return Self.html(page.render(title: page.text["login"], body: page.login(failed: true)), status: .forbidden)
            }
            let name = (fields.first { $0.0 == "name" }?.1 ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            let given = fields.first { $0.0 == "token" }?.1 ?? ""
            guard !name.isEmpty, name.count <= 40, ConsoleSessions.same(given, token) else {
                access.refuse("login with a wrong token", request, context)
                return Self.html(page.render(title: page.text["login"], body: page.login(failed: true)), status: .unauthorized)
            }
            let id = sessions.open(for: name)
            logger.info("logged in", metadata: ["operator": "\(LogText.escaped(name))", "source": "\(context.source)"])
            var response = Self.redirect("/?lang=\(page.text.language)")
            response.headers[.setCookie] =
                "\(Self.cookie)=\(id); Path=/; HttpOnly; SameSite=Strict; Max-Age=\(Int(configuration.sessionLifetime))"
            return response
        }
        router.post("/logout") { request, context -> Response in
            let fields = await Self.form(request)
            if let session = access.session(request), ConsoleSessions.same(fields.first { $0.0 == "csrf" }?.1 ?? "", session.session.csrf) {
                sessions.close(session.id)
            }
            var response = Self.redirect("/login")
            response.headers[.setCookie] = "\(Self.cookie)=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"
            return response
        }
        for action in ["retry", "cancel"] {
            router.post("/\(action)") { request, context -> Response in
                let fields = await Self.form(request)
                guard let (session, operatorName) = access.authorise(action, fields: fields, request, context) else {
                    return Response(
                        status: .forbidden, body: .init(byteBuffer: ByteBuffer(string: "refused: log in, and send the form's CSRF token\n"))
                    )
                }
                let ids = fields.filter { $0.0 == "message" }.compactMap { Int64($0.1) }
                let reason = "console \(action) by \(operatorName) from \(context.source)"
                let notice: String
                do {
                    let moved = try await database.run {
                        action == "retry"
                            ? try store.retry(messageIDs: ids, reason: reason, now: Date())
                            : try store.cancel(messageIDs: ids, reason: reason, now: Date())
                    }
                    notice = "\(action): \(moved)"
                    logger.notice("\(action) \(moved)", metadata: ["operator": "\(LogText.escaped(operatorName))", "messages": "\(ids)"])
                } catch {
                    notice = "\(action): \(error.localizedDescription)"
                }
                let back = fields.first { $0.0 == "back" }?.1 ?? "/"
                let target = back.hasPrefix("/") && !back.hasPrefix("//") ? back : "/"
                sessions.leave(notice, for: session)
                return Self.redirect(target)
            }
        }
    }

    public func stop() { server.stop() }
    public func shutdown() async { await server.shutdown() }
    public func wait() async { await server.wait() }

    static func form(_ request: Request) async -> [(String, String)] {
        guard let body = try? await request.body.collect(upTo: 256 * 1024) else { return [] }
        return FormEncoding.pairs(Data(body.readableBytesView)) ?? []
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.contentSecurityPolicy] = "default-src 'self'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"
        headers[.xContentTypeOptions] = "nosniff"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func redirect(_ location: String) -> Response {
        var headers = HTTPFields()
        headers[.location] = location
        return Response(status: .seeOther, headers: headers)
    }
}

public enum ConsoleError: Error, LocalizedError {
    case tokenRequired(String)

    public var errorDescription: String? {
        switch self {
        case .tokenRequired(let host):
            "the console on \(host) needs a login token: add --token SECRET (or set SWGATE_CONSOLE_TOKEN); without one it is read-only on loopback"
        }
    }
}
