import Adapters
import Foundation
import Gateway
import HTTPClient
import HTTPServerSupport
import Hummingbird
import Logging
import NIOCore
import Outbox
import PlatformDataServer
import SchemaValidation
import Signing
import Simulator
import SwgateTestSupport
import Testing
import ThreadSupport

/// A stand-in for customs' realTimeDataUpload on loopback: it answers the codes it is given
/// (then 10000), and keeps every upload as it arrived.
final class UploadStandIn: @unchecked Sendable {  // `answers`, `received` and `accepted` are read and written under `lock`
    private let lock = NSLock()
    private var answers: [String]
    private var received: [String] = []
    private var accepted: [String: Int] = [:]
    /// As customs: a session uploaded already is refused (20000, 入库失败).
    let refusingRepeatedSessions: Bool
    private(set) var server: RunningServer?

    init(answers: [String] = [], refusingRepeatedSessions: Bool = false) {
        self.answers = answers
        self.refusingRepeatedSessions = refusingRepeatedSessions
    }

    var url: String { (server?.baseURL.absoluteString ?? "") + "/ceb2grab/grab/realTimeDataUpload" }
    var uploads: [String] { lock.withLock { received } }
    /// How many times each session was taken with 10000.
    var acceptedSessions: [String: Int] { lock.withLock { accepted } }

    func start() async throws {
        let router = Router(context: SourcedRequestContext.self)
        router.post("/ceb2grab/grab/realTimeDataUpload") { [self] request, _ -> Response in
            let body = Data(try await request.body.collect(upTo: 1 << 20).readableBytesView)
            let code = lock.withLock { () -> String in
                let text = FormEncoding.decode(body)?["payExInfoStr"] ?? ""
                received.append(text)
                let session = PlatformDataServiceTests.member(text, "sessionID") ?? ""
                if refusingRepeatedSessions, accepted[session] != nil { return "20000" }
                let code = answers.isEmpty ? "10000" : answers.removeFirst()
                if code == "10000" { accepted[session, default: 0] += 1 }
                return code
            }
            return Response(
                status: .ok, body: .init(byteBuffer: ByteBuffer(string: #"{"code":"\#(code)","message":"","total":0,"serviceTime":1}"#)))
        }
        server = try await RunningServer.start(
            router: router, host: "127.0.0.1", port: 0, serverName: "upload-stand-in", logger: .init(label: "t"))
    }
}

/// The platform's 179 interface with real parts: the listener on loopback, the outbox on disk (and
/// on PostgreSQL), the uploader posting to a stand-in for customs.
@Suite("179 service: answer after recording, upload from the outbox", .serialized)
struct PlatformDataServiceTests {
    static let profileURL = Fixtures.checkout.appendingPathComponent("examples/swgate.json")
    static let order = "HT2026112500000003"

    /// An outbox with the bonded example submitted: SQLite in a folder, or a fresh PostgreSQL database.
    static func outbox(_ engine: String) throws -> SQLOutbox {
        let location =
            engine == "postgres"
            ? try PostgresTestServer.freshDatabase("p179") : try Fixtures.temporaryDirectory("swgate-179").appendingPathComponent("o").path
        let store = try SQLOutbox(location: location)
        let report = try Submission(
            profile: try EnterpriseProfile.load(contentsOf: profileURL), validator: try SchemaValidator(), store: store
        )
        .run(Fixtures.checkout.appendingPathComponent("examples/bonded-batch.json"))
        precondition(!report.failed)
        return store
    }

    static func signer() throws -> SoftwareSigner {
        let keys = Fixtures.checkout.appendingPathComponent("examples/keys")
        return try SoftwareSigner(
            keyFile: keys.appendingPathComponent("demo-rsa.key.pem"), certificateFile: keys.appendingPathComponent("demo-rsa.cert.pem"))
    }

    static func uploader(_ store: SQLOutbox, url: String, worker: String = "w1", lease: TimeInterval = 60) throws -> PlatformDataUploader {
        let profile = try EnterpriseProfile.load(contentsOf: profileURL)
        let signer = try signer()
        var settings = profile.platformData
        settings.uploadURL = url
        var configuration = PlatformDataUploader.Configuration(
            settings: settings, certNo: signer.certificateInfo.serialNumber, worker: worker)
        configuration.lease = lease
        configuration.http.totalTimeout = 5
        return PlatformDataUploader(configuration: configuration, store: store, signer: signer)
    }

    static func ask(_ base: URL, order: String, session: String, client: CurlClient) throws -> (status: Int, code: String?) {
        let json = #"{"orderNo":"\#(order)","sessionID":"\#(session)","serviceTime":1764979200000}"#
        let response = try client.post(
            base.appendingPathComponent("platDataOpen").absoluteString, body: Data(("openReq=" + FormEncoding.encode(json)).utf8),
            contentType: "application/x-www-form-urlencoded")
        let answer = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any]
        return (response.status, answer?["code"] as? String)
    }

    /// ``ask(_:order:session:client:)`` awaited off the concurrency pool, which the service answers on.
    static func ask(_ base: URL, order: String, session: String, client: CurlClient) async throws -> (status: Int, code: String?) {
        try await BlockingWork.run { try ask(base, order: order, session: session, client: client) }
    }

    @Test("a request is committed before it is answered 10000; its upload verifies as customs checks it")
    func answerThenUpload() async throws {
        let store = try Self.outbox("sqlite")
        let server = try await PlatformDataServer.start(PlatformDataServerConfiguration(), store: store)
        defer { server.stop() }
        let client = try CurlClient(configuration: HTTPConfiguration())
        let answer = try await Self.ask(server.baseURL, order: Self.order, session: "sess-1", client: client)
        #expect(answer.status == 200 && answer.code == "10000")
        let recorded = try #require(try store.platformRequest("sess-1"))
        #expect(recorded.state == .pending && recorded.orderNo == Self.order)
        // Asked again under the same session: the same request, not a second upload.
        #expect(try await Self.ask(server.baseURL, order: Self.order, session: "sess-1", client: client).code == "10000")
        #expect(try store.platformRequests().count == 1)
        // Malformed: a non-10000 code, nothing recorded.
        let bad = try await client.post(
            server.baseURL.appendingPathComponent("platDataOpen").absoluteString, body: Data("openReq=%7Bnope".utf8),
            contentType: "application/x-www-form-urlencoded")
        #expect(bad.status == 400)
        #expect(String(decoding: bad.body, as: UTF8.self).contains(#""code":"20000""#))
        #expect(try store.platformRequests().count == 1)

        let customs = UploadStandIn()
        try await customs.start()
        let round = try await Self.uploader(store, url: customs.url).runOnce(client: client)
        #expect(round.uploaded == 1)
        let upload = try #require(customs.uploads.first)
        let check = PlatformUploadCheck(certificate: try Self.signer().certificateInfo)
        #expect(check.problem(upload, expectedOrder: Self.order) == nil)
        #expect(upload.contains(#""sessionID":"sess-1""#))
        let done = try #require(try store.platformRequest("sess-1"))
        #expect(done.state == .uploaded && done.upload == upload && done.lastCode == "10000")
        #expect(done.guid == done.guid?.uppercased())
        #expect(try await Self.uploader(store, url: customs.url).runOnce(client: client).claimed == 0, "uploaded once")
    }

    @Test("off loopback it needs a token; a token is enforced; an oversized request is refused before it is read")
    func hostileCallers() async throws {
        let store = try Self.outbox("sqlite")
        var open = PlatformDataServerConfiguration()
        open.host = "0.0.0.0"
        await #expect(throws: PlatformDataServerError.self) { _ = try await PlatformDataServer.start(open, store: store) }
        var guarded = PlatformDataServerConfiguration()
        guarded.token = "customs-proxy"
        let server = try await PlatformDataServer.start(guarded, store: store)
        defer { server.stop() }
        let anonymous = try CurlClient(configuration: HTTPConfiguration())
        let refused = try await client(anonymous, post: server.baseURL, body: Data("openReq=%7B%7D".utf8))
        #expect(refused.status == 401)
        var configuration = HTTPConfiguration()
        configuration.bearerToken = "customs-proxy"
        let trusted = try CurlClient(configuration: configuration)
        #expect(try await client(trusted, post: server.baseURL, body: Data(repeating: 0x41, count: 200_000)).status == 413)
        #expect(try await Self.ask(server.baseURL, order: Self.order, session: "tok-1", client: trusted).code == "10000")
        #expect(try store.platformRequests().map(\.sessionID) == ["tok-1"])
    }

    private func client(_ client: CurlClient, post base: URL, body: Data) async throws -> HTTPClient.HTTPResponse {
        try await client.post(
            base.appendingPathComponent("platDataOpen").absoluteString, body: body, contentType: "application/x-www-form-urlencoded")
    }

    @Test("customs' error codes and transport failures are retried with backoff, then succeed or die with the reason")
    func retries() async throws {
        let store = try Self.outbox("sqlite")
        let customs = UploadStandIn(answers: ["20000"])
        try await customs.start()
        let now = Date()
        _ = try store.recordPlatformRequest(sessionID: "s-retry", orderNo: Self.order, askedAt: now, source: "test", now: now)
        let client = try CurlClient(configuration: HTTPConfiguration())
        let uploader = try Self.uploader(store, url: customs.url)
        #expect(try await uploader.runOnce(client: client, now: { now }).retrying == 1)
        let waiting = try #require(try store.platformRequest("s-retry"))
        #expect(waiting.state == .pending && waiting.lastCode == "20000" && waiting.lastError?.contains("20000") == true)
        #expect(try await uploader.runOnce(client: client, now: { now.addingTimeInterval(1) }).claimed == 0, "not due before the backoff")
        #expect(try await uploader.runOnce(client: client, now: { now.addingTimeInterval(6) }).uploaded == 1)
        #expect(customs.uploads.count == 2)
        #expect(Set(customs.uploads.compactMap { Self.head($0)?["guid"] as? String }).count == 2, "a new guid for each upload")

        // Nobody listening: transport failures until the attempts run out, then dead with the reason.
        _ = try store.recordPlatformRequest(sessionID: "s-down", orderNo: Self.order, askedAt: now, source: "test", now: now)
        var settings = try EnterpriseProfile.load(contentsOf: Self.profileURL).platformData
        settings.uploadURL = "http://127.0.0.1:9/ceb2grab/grab/realTimeDataUpload"
        settings.maxAttempts = 2
        let signer = try Self.signer()
        let down = PlatformDataUploader(
            configuration: .init(settings: settings, certNo: signer.certificateInfo.serialNumber, worker: "w"), store: store, signer: signer
        )
        _ = try await down.runOnce(client: client, now: { now.addingTimeInterval(10) })
        #expect(try store.platformRequest("s-down")?.state == .pending)
        _ = try await down.runOnce(client: client, now: { now.addingTimeInterval(100) })
        let dead = try #require(try store.platformRequest("s-down"))
        #expect(dead.state == .dead && dead.lastError?.contains("given up after 2 attempts") == true)
        #expect(try store.retryPlatformRequests(ids: [dead.id], reason: "test", now: now) == 1)
        #expect(try store.platformRequest("s-down")?.state == .pending)
    }

    @Test("platform-data upload exits 1 while an upload waits for its retry, never 0")
    func uploadCommandTruth() throws {
        let store = try Self.outbox("sqlite")
        _ = try store.recordPlatformRequest(sessionID: "s-cli", orderNo: Self.order, askedAt: Date(), source: "test", now: Date())
        let result = try SwgateProcess.run([
            "platform-data", "upload", "--outbox", URL(fileURLWithPath: store.location).deletingLastPathComponent().path,
            "--config", Self.profileURL.path, "--upload-url", "http://127.0.0.1:9/ceb2grab/grab/realTimeDataUpload",
        ])
        #expect(result.status == 1, "\(result.stdout) \(result.stderr)")
        #expect(result.stderr.contains("retried later"))
        #expect(try store.platformRequest("s-cli")?.state == .pending)
    }

    @Test("an order the outbox does not hold is answered, recorded as unknown, and never uploaded")
    func unknownOrder() async throws {
        let store = try Self.outbox("sqlite")
        let customs = UploadStandIn()
        try await customs.start()
        _ = try store.recordPlatformRequest(sessionID: "s-x", orderNo: "NOT-OURS", askedAt: Date(), source: "test", now: Date())
        let round = try await Self.uploader(store, url: customs.url).runOnce(client: try CurlClient(configuration: HTTPConfiguration()))
        #expect(round.unknownOrders == 1)
        #expect(customs.uploads.isEmpty)
        #expect(try store.platformRequest("s-x")?.state == .unknownOrder)
    }

    @Test("a claim whose worker died is taken over after its lease, and the dead worker's late finish changes nothing")
    func leaseTakeover() throws {
        let store = try Self.outbox("sqlite")
        let now = Date()
        _ = try store.recordPlatformRequest(sessionID: "s-lease", orderNo: Self.order, askedAt: now, source: "test", now: now)
        #expect(try store.claimPlatformUploads(limit: 5, worker: "A", lease: 30, now: now).count == 1)
        #expect(try store.claimPlatformUploads(limit: 5, worker: "B", lease: 30, now: now.addingTimeInterval(10)).isEmpty)
        let taken = try store.claimPlatformUploads(limit: 5, worker: "B", lease: 30, now: now.addingTimeInterval(31))
        #expect(taken.count == 1 && taken.first?.attempts == 2)
        let late = PlatformUploadRecord(state: .uploaded, nextAttemptAt: now, code: "10000")
        #expect(try store.finishPlatformUpload(id: taken[0].id, worker: "A", late, now: now) == false)
        #expect(try store.finishPlatformUpload(id: taken[0].id, worker: "B", late, now: now) == true)
    }

    @Test(
        "concurrent requests for one order: each session recorded once and uploaded exactly once by two workers",
        arguments: ["sqlite", "postgres"])
    func concurrentRequests(_ engine: String) async throws {
        if engine == "postgres", !PostgresTestServer.isAvailable { return }
        let store = try Self.outbox(engine)
        let server = try await PlatformDataServer.start(PlatformDataServerConfiguration(), store: store)
        defer { server.stop() }
        let base = server.baseURL
        let failures = LockedCounter()
        // 40 requests at once: 30 sessions, the first 10 of them asked twice.
        try await BlockingWork.run {
            DispatchQueue.concurrentPerform(iterations: 40) { index in
                guard let client = try? CurlClient(configuration: HTTPConfiguration()),
                    let answer = try? Self.ask(base, order: Self.order, session: "c-\(index % 30)", client: client), answer.code == "10000"
                else { return failures.add() }
            }
        }
        #expect(failures.value == 0)
        #expect(try store.platformRequests(limit: 1000).count == 30)
        let customs = UploadStandIn()
        try await customs.start()
        let workers = try ["w1", "w2"].map { try Self.uploader(store, url: customs.url, worker: $0) }
        try await BlockingWork.run {
            DispatchQueue.concurrentPerform(iterations: 2) { index in
                guard let client = try? CurlClient(configuration: HTTPConfiguration()) else { return }
                while let round = try? workers[index].runOnce(client: client), round.claimed > 0 {}
            }
        }
        let uploads = customs.uploads
        #expect(uploads.count == 30)
        let sessions = Set(uploads.compactMap { Self.member($0, "sessionID") })
        let guids = Set(uploads.compactMap { Self.head($0)?["guid"] as? String })
        #expect(sessions.count == 30 && guids.count == 30)
        #expect(try store.platformRequests(state: .uploaded, limit: 1000).count == 30)
    }

    static func member(_ text: String, _ name: String) -> String? {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])?[name] as? String
    }

    static func head(_ text: String) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])?["payExchangeInfoHead"] as? [String: Any]
    }
}

/// A counter several threads add to.
final class LockedCounter: @unchecked Sendable {  // `count` is read and written under `lock`
    private let lock = NSLock()
    private var count = 0
    func add() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
