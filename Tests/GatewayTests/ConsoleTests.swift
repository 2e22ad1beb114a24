import Adapters
import AdminServer
import CEBMessages
@testable import Console
import Foundation
import Gateway
import HTTPClient
import Outbox
import SchemaValidation
import SwgateTestSupport
import Testing

/// The operator console over a real loopback socket and an outbox on disk: who may see and do
/// what, CSRF, the audit trail, masking and escaping.
@Suite("Console: pages, login, CSRF, actions")
struct ConsoleTests {
    /// An outbox with the bonded example submitted and its orders', payments' and waybills' messages
    /// dead (sent once to an endpoint that does not answer, one attempt allowed).
    static func outbox() throws -> (SQLOutbox, messageID: Int64) {
        let folder = try Fixtures.temporaryDirectory("swgate-console")
        let store = try SQLOutbox(directory: folder.appendingPathComponent("outbox"))
        let report = try Submission(
            profile: try EnterpriseProfile.load(contentsOf: Fixtures.checkout.appendingPathComponent("examples/swgate.json")),
            validator: try SchemaValidator(), store: store
        ).run(Fixtures.checkout.appendingPathComponent("examples/bonded-batch.json"))
        precondition(!report.failed)
        var settings = DispatchSettings(endpoint: "http://127.0.0.1:9")
        settings.maxAttempts = 1
        settings.http.connectTimeout = 1
        _ = try Dispatcher(store: store, settings: settings, signer: nil).sendDue()
        let order = try #require(try store.documents(DocumentFilter(type: .ceb311, limit: 1)).first)
        precondition(order.state == .dead)
        return (store, order.messageID)
    }

    static func client() throws -> CurlClient { try CurlClient(configuration: HTTPConfiguration()) }

    static func get(_ base: URL, _ path: String, cookie: String? = nil) async throws -> (status: Int, body: String) {
        var configuration = HTTPConfiguration()
        if let cookie { configuration.headers = ["Cookie": cookie] }
        let response = try await CurlClient(configuration: configuration).get(base.absoluteString + path)
        return (response.status, String(decoding: response.body, as: UTF8.self))
    }

    static func post(_ base: URL, _ path: String, _ form: String, cookie: String? = nil) async throws -> HTTPResponse {
        var configuration = HTTPConfiguration()
        if let cookie { configuration.headers = ["Cookie": cookie] }
        return try await CurlClient(configuration: configuration).post(
            base.absoluteString + path, body: Data(form.utf8), contentType: "application/x-www-form-urlencoded")
    }

    @Test("read-only on loopback without a token: pages in Chinese by default and English, no action, no login")
    func readOnly() async throws {
        let (store, message) = try Self.outbox()
        let server = try await ConsoleServer.start(ConsoleConfiguration(), store: store)
        defer { server.stop() }
        let overview = try await Self.get(server.baseURL, "/")
        #expect(overview.status == 200 && overview.body.contains("总览") && overview.body.contains("id=\"overview\""))
        #expect(try await Self.get(server.baseURL, "/?lang=en").body.contains("Overview"))
        #expect(try await Self.get(server.baseURL, "/dead").body.contains("只读模式"))
        #expect(try await Self.post(server.baseURL, "/retry", "message=\(message)").status == 403)
        #expect(try await Self.post(server.baseURL, "/login", "name=x&token=").status == 403)
        var off = ConsoleConfiguration()
        off.host = "0.0.0.0"
        await #expect(throws: ConsoleError.self) { _ = try await ConsoleServer.start(off, store: store) }
    }

    @Test("log in with the token for an HttpOnly SameSite=Strict session; retry needs its CSRF token and is audited with the name")
    func loginAndRetry() async throws {
        let (store, message) = try Self.outbox()
        var configuration = ConsoleConfiguration()
        configuration.token = "s3cret"
        let server = try await ConsoleServer.start(configuration, store: store)
        defer { server.stop() }
        #expect(try await Self.post(server.baseURL, "/login", "name=%E5%BC%A0%E4%B8%89&token=guess").status == 401)
        let login = try await Self.post(server.baseURL, "/login", "name=%E5%BC%A0%E4%B8%89&token=s3cret")
        #expect(login.status == 303)
        let setCookie = try #require(login.headers.first { $0.key.lowercased() == "set-cookie" }?.value)
        #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"))
        let cookie = String(setCookie.prefix { $0 != ";" })
        let dead = try await Self.get(server.baseURL, "/dead", cookie: cookie)
        #expect(dead.body.contains("张三"))
        let csrf = try #require(Self.csrf(in: dead.body))
        #expect(try await Self.post(server.baseURL, "/retry", "message=\(message)", cookie: cookie).status == 403, "no CSRF token")
        #expect(
            try await Self.post(server.baseURL, "/retry", "message=\(message)&csrf=\(String(csrf.reversed()))", cookie: cookie).status
                == 403)
        #expect(try await Self.post(server.baseURL, "/retry", "message=\(message)&csrf=\(csrf)").status == 403, "no session")
        let done = try await Self.post(server.baseURL, "/retry", "message=\(message)&csrf=\(csrf)&back=/dead", cookie: cookie)
        #expect(done.status == 303)
        // The action's notice shows once, on the session's next page; a link cannot put one there.
        #expect(try await Self.get(server.baseURL, "/dead", cookie: cookie).body.contains("id=\"notice\" class=\"notice\">retry: 1<"))
        #expect(!(try await Self.get(server.baseURL, "/dead", cookie: cookie).body.contains("id=\"notice\"")))
        #expect(!(try await Self.get(server.baseURL, "/?notice=retry%3A%2099", cookie: cookie).body.contains("retry: 99")))
        let summary = try #require(try store.documents(DocumentFilter(type: .ceb311, limit: 100)).first { $0.messageID == message })
        #expect(summary.state == .queued)
        let audit = try #require(try store.details(String(summary.id)).first?.audit)
        #expect(audit.contains { $0.reason?.contains("console retry by 张三") == true })
    }

    @Test("inside swgate run the overview shows the worker's circuit breaker")
    func breaker() async throws {
        let (store, _) = try Self.outbox()
        var configuration = ConsoleConfiguration()
        configuration.breakerOpen = { true }
        let server = try await ConsoleServer.start(configuration, store: store)
        defer { server.stop() }
        #expect(try await Self.get(server.baseURL, "/?lang=en").body.contains("id=\"breaker\">open"))
    }

    @Test("mounted on the worker's admin endpoint: the pages need no bearer token, /metrics still does")
    func mounted() async throws {
        let (store, _) = try Self.outbox()
        var console = ConsoleConfiguration()
        console.breakerOpen = { false }
        let admin = try await AdminServer.start(port: 0, token: "ops", store: store, metrics: nil, console: console)
        defer { admin.stop() }
        let page = try await Self.get(admin.baseURL, "/?lang=en")
        #expect(page.status == 200 && page.body.contains("id=\"breaker\">closed"))
        #expect(try await Self.get(admin.baseURL, "/metrics").status == 401)
        #expect(try await Self.get(admin.baseURL, "/healthz").status == 401)
    }

    @Test("off loopback every page needs the login")
    func remote() async throws {
        let (store, _) = try Self.outbox()
        var configuration = ConsoleConfiguration()
        configuration.host = "0.0.0.0"
        configuration.token = "s3cret"
        let server = try await ConsoleServer.start(configuration, store: store)
        defer { server.stop() }
        let port = server.baseURL.port ?? 0
        let response = try await Self.client().get("http://127.0.0.1:\(port)/dead")
        #expect(response.status == 303)
        #expect(response.headers.first { $0.key.lowercased() == "location" }?.value.hasPrefix("/login") == true)
    }

    @Test("a document's page masks personal data in the payload; every value is escaped")
    func documentPage() async throws {
        let (store, _) = try Self.outbox()
        let server = try await ConsoleServer.start(ConsoleConfiguration(), store: store)
        defer { server.stop() }
        let order = try #require(try store.documents(DocumentFilter(type: .ceb311, limit: 1)).first)
        let page = try await Self.get(server.baseURL, "/document/\(order.id)?lang=en")
        #expect(page.status == 200 && page.body.contains("id=\"payload\""))
        #expect(!page.body.contains("33010619890205542X"), "the buyer's ID number is masked")
        #expect(HTML.escape("<script>alert('x')</script>&") == "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;")
        let search = try await Self.get(server.baseURL, "/search?q=\(order.orderNo)")
        #expect(search.body.contains("/document/\(order.id)"))
        // A waybill by its bare number, an inventory by its copNo.
        let waybill = try #require(try store.documents(DocumentFilter(type: .ceb511, limit: 1)).first)
        let number = String(waybill.businessKey.split(separator: ":").last ?? "")
        #expect(try await Self.get(server.baseURL, "/search?q=\(number)").body.contains("/document/\(waybill.id)"))
        let inventory = try #require(try store.documents(DocumentFilter(type: .ceb621, limit: 1)).first)
        let copNo = String(inventory.businessKey.split(separator: ":").last ?? "")
        #expect(try await Self.get(server.baseURL, "/search?q=\(copNo)").body.contains("/document/\(inventory.id)"))
        // By type, message state, customs status and date range.
        let dead = try #require(try store.documents(DocumentFilter(state: .dead, type: .ceb511, limit: 1)).first)
        let waybills = try await Self.get(
            server.baseURL, "/search?type=CEB511Message&state=dead&customs=none&from=2000-01-01&to=2999-12-31"
        ).body
        #expect(waybills.contains("/document/\(dead.id)?") && !waybills.contains("/document/\(order.id)?"))
        #expect(!(try await Self.get(server.baseURL, "/search?type=CEB511Message&to=2000-01-01").body.contains("/document/")))
    }

    static func csrf(in html: String) -> String? {
        guard let range = html.range(of: "name=\"csrf\" value=\"") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }
}
