import Foundation
import Gateway
import HTTPServerSupport
import Hummingbird
import Logging

/// Who may see and do what: pages need a login off loopback; actions always need one and the
/// session's CSRF token. Refusals are logged with the caller's address.
struct ConsoleAccess: Sendable {
    let configuration: ConsoleConfiguration
    let sessions: ConsoleSessions
    let logger: Logger

    func session(_ request: Request) -> (id: String, session: ConsoleSessions.Session)? {
        let cookies = (request.headers[.cookie] ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let pair = cookies.first(where: { $0.hasPrefix(ConsoleServer.cookie + "=") }) else { return nil }
        let id = String(pair.dropFirst(ConsoleServer.cookie.count + 1))
        return sessions.session(id).map { (id, $0) }
    }

    /// The page for a GET, or nil when the caller must log in first.
    func page(_ request: Request, _ context: SourcedRequestContext) -> ConsolePage? {
        let current = session(request)
        if current == nil, !configuration.isLoopback { return nil }
        return ConsolePage(
            text: ConsoleText(request.uri.queryParameters.get("lang")), session: current.map { ($0.session.operatorName, $0.session.csrf) },
            canLogIn: !(configuration.token ?? "").isEmpty, notice: sessions.takeNotice(current?.id))
    }

    func anonymousPage(_ request: Request, language: String? = nil) -> ConsolePage {
        ConsolePage(
            text: ConsoleText(language ?? request.uri.queryParameters.get("lang")), session: nil,
            canLogIn: !(configuration.token ?? "").isEmpty)
    }

    func toLogin(_ request: Request) -> Response {
        ConsoleServer.redirect("/login?lang=\(ConsoleText(request.uri.queryParameters.get("lang")).language)")
    }

    /// The session and operator allowed to do `action`, or nil (refused and logged).
    func authorise(_ action: String, fields: [(String, String)], _ request: Request, _ context: SourcedRequestContext) -> (
        session: String, operatorName: String
    )? {
        guard let current = session(request) else {
            refuse("\(action) without a login", request, context)
            return nil
        }
        guard ConsoleSessions.same(fields.first { $0.0 == "csrf" }?.1 ?? "", current.session.csrf) else {
            refuse("\(action) without a valid CSRF token (operator \(current.session.operatorName))", request, context)
            return nil
        }
        return (current.id, current.session.operatorName)
    }

    func refuse(_ what: String, _ request: Request, _ context: SourcedRequestContext) {
        logger.warning(
            "refused: \(LogText.escaped(what))", metadata: ["source": "\(context.source)", "path": "\(LogText.escaped(request.uri.path))"])
    }

    /// `yyyy-MM-dd` as the start of that day in China time.
    static func day(_ text: String) -> Date? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600) ?? .gmt
        return calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))
    }
}
