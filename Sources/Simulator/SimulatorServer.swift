public import Foundation
import CEBMessages
import HTTPServerSupport
import Hummingbird
import Logging
import Signing
import NIOCore
public import SchemaValidation

/// The embedded single-window simulator: speaks DXP (and raw CEB XML) over HTTP, validates,
/// matches documents as customs does, and hands out receipts over time.
///
/// Endpoints: `POST /dxp` (a DxpMsg or raw CEB XML), `GET /receipts?after=ID&limit=N` (polling:
/// `{"receipts": [{"id": …, "xml": "<Base64 DxpMsg>"}]}`), `GET /healthz`. With a token configured,
/// every request needs `Authorization: Bearer <token>` (401 otherwise).
public final class SimulatorServer: Sendable {
    public let customs: SimulatedCustoms
    /// Customs' side of announcement 179: requests to the platform, uploads checked.
    public let platformData: PlatformDataCustoms
    public let baseURL: URL
    private let server: RunningServer
    private let pusher: Task<Void, Never>?
    private let caller: Task<Void, Never>?
    private let folderClient: Task<Void, Never>?

    private init(
        customs: SimulatedCustoms, platformData: PlatformDataCustoms, server: RunningServer, pusher: Task<Void, Never>?,
        caller: Task<Void, Never>?, folderClient: Task<Void, Never>?
    ) {
        self.folderClient = folderClient
        self.customs = customs
        self.platformData = platformData
        self.baseURL = server.baseURL
        self.server = server
        self.pusher = pusher
        self.caller = caller
    }

    /// Starts the simulator and returns once it listens.
    public static func start(_ configuration: SimulatorConfiguration, validator: SchemaValidator? = nil) async throws -> SimulatorServer {
        let customs = SimulatedCustoms(configuration: configuration, validator: validator ?? (try? SchemaValidator()))
        let logger = Logger(label: "swgate.simulator")
        let router = Router(context: SourcedRequestContext.self)
        router.requireToken(configuration.token, logger: logger)
        router.get("/healthz") { _, _ in "ok" }
        let registered = (configuration.platformCertificate ?? configuration.certificates.first).flatMap { try? Certificate(bytes: $0) }
        let platformData = PlatformDataCustoms(certificate: registered)
        router.post("/ceb2grab/grab/realTimeDataUpload") { request, _ -> Response in
            let body = Data(try await request.body.collect(upTo: 1024 * 1024).readableBytesView)
            let answer = await platformData.upload(body)
            let time = Int64((Date().timeIntervalSince1970 * 1000).rounded())
            let json = "{\"code\":\"\(answer.code)\",\"message\":\(Self.quoted(answer.message)),\"total\":0,\"serviceTime\":\(time)}"
            return Self.json(json)
        }
        router.get("/platform-data/stats") { _, _ -> Response in
            let stats = await platformData.currentStats()
            return Self.json(
                "{\"requested\": \(stats.requested), \"answered\": \(stats.answered), \"answerFailures\": \(stats.answerFailures), "
                    + "\"uploads\": \(stats.uploads), \"verified\": \(stats.verified), \"refused\": \(stats.refused), "
                    + "\"outstanding\": \(stats.outstanding), \"lastRefusal\": \(stats.lastRefusal.map(Self.quoted) ?? "null")}")
        }
        router.post("/dxp") { request, _ -> Response in
            let body = Data(try await request.body.collect(upTo: 32 * 1024 * 1024).readableBytesView)
            // The documents are in flight from the request's arrival to its answer, latency included.
            let unwrapped = customs.unwrap(body)
            let documents = SimulatedCustoms.documentGuids(unwrapped.message)
            // One hop into the actor as the transmission arrives, one as it is answered.
            let decided = await customs.arrive(documents)
            let (reply, hold) = try await Self.handle(
                unwrapped, documents: documents, decided: decided, customs: customs, configuration: configuration)
            if hold > 0 { try await Task.sleep(for: .milliseconds(Int(hold * 1000))) }
            switch reply {
            case .ok:
                return Self.xml(Self.accepted)
            case .formatError(let reason):
                return Self.xml(Self.dxpRep(code: String(reason.prefix(4)), info: reason))
            case .serverError:
                return Response(status: .internalServerError)
            }
        }
        router.get("/stats") { _, _ -> Response in
            let stats = await customs.stats()
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            let body = "{\"transmissions\": \(stats.transmissions), \"concurrentTransmissions\": \(stats.concurrent)}"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
        }
        // A regional gateway's way: every receipt from a moment on (`qryid`, yyyyMMddHHmmss China time).
        router.get("/receipts/by-time") { request, _ -> Response in
            let from = request.uri.queryParameters.get("qryid").map { String($0) } ?? ""
            let ready = await customs.due(after: 0, limit: .max, now: Date()).filter { CEBTime.appTime($0.due) >= from }.prefix(2_000)
            let items = ready.map { "{\"time\": \"\(CEBTime.appTime($0.due))\", \"xml\": \"\($0.xml.base64EncodedString())\"}" }
            return Self.json("{\"receipts\": [\(items.joined(separator: ", "))]}")
        }
        router.get("/receipts") { request, _ -> Response in
            let after = request.uri.queryParameters.get("after", as: Int.self) ?? 0
            let limit = request.uri.queryParameters.get("limit", as: Int.self) ?? 500
            let ready = await customs.due(after: after, limit: limit, now: Date())
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: Self.receiptsPage(ready)))
        }
        let server = try await RunningServer.start(
            router: router, host: configuration.host, port: configuration.port, serverName: "swgate-simulator", logger: logger,
            limits: configuration.limits, io: configuration.io
        )
        let pusher = configuration.pushURL.map { target in
            Task { await ReceiptPusher(customs: customs, url: target, token: configuration.pushToken).run() }
        }
        let client = configuration.folderClient.map { folders in Task { await FolderClient(customs: customs, configuration: folders).run() }
        }
        let caller = configuration.platformDataURL.map { url in
            Task {
                await PlatformDataCaller(
                    customs: customs, platform: platformData, url: url, interval: configuration.platformDataEvery,
                    token: configuration.platformDataToken
                ).run()
            }
        }
        return SimulatorServer(
            customs: customs, platformData: platformData, server: server, pusher: pusher, caller: caller, folderClient: client)
    }

    /// Waits out the configured latency, then takes the transmission in (unless its fault is a
    /// server error) and ends its documents' flight.
    private static func handle(
        _ unwrapped: SimulatedCustoms.Unwrapped, documents: [String], decided: SimulatedCustoms.Faults, customs: SimulatedCustoms,
        configuration: SimulatorConfiguration
    ) async throws -> (SimulatedCustoms.Reply, hold: TimeInterval) {
        if configuration.latency > 0 { try await Task.sleep(for: .milliseconds(Int(configuration.latency * 1000))) }
        if decided.serverError {
            await customs.end(documents)
            return (.serverError, 0)
        }
        let prepared = customs.prepare(unwrapped, sequence: decided.sequence)
        return await customs.accept(prepared, fail: decided.fail, hold: decided.hold, now: Date(), ending: documents)
    }

    /// Begins a graceful shutdown (for `defer`): the pusher stops, then the server.
    public func stop() {
        Task { await shutdown() }
    }

    /// Stops pushing — waiting for a post in flight, so that nothing connects to a receiver that
    /// is itself stopping — then shuts the server down gracefully.
    public func shutdown() async {
        if let folderClient {
            folderClient.cancel()
            await folderClient.value
        }
        if let caller {
            caller.cancel()
            await caller.value
        }
        if let pusher {
            pusher.cancel()
            await pusher.value
        }
        await server.shutdown()
    }

    /// Waits until the server stops (for `swgate simulator`).
    public func wait() async {
        await server.wait()
    }

    /// The reply to every transmission taken in.
    static let accepted = dxpRep(code: "0", info: "接收成功")

    /// `{"receipts": [{"id": …, "xml": "<Base64>"}, …]}`, written straight into one buffer.
    static func receiptsPage(_ receipts: [SimulatedCustoms.Receipt]) -> ByteBuffer {
        let size = receipts.reduce(32) { $0 + 32 + ($1.xml.count + 2) / 3 * 4 }
        var buffer = ByteBufferAllocator().buffer(capacity: size)
        buffer.writeString("{\"receipts\": [")
        for (index, receipt) in receipts.enumerated() {
            buffer.writeString(index == 0 ? "{\"id\": " : ", {\"id\": ")
            buffer.writeString(String(receipt.id))
            buffer.writeString(", \"xml\": \"")
            buffer.writeBytes(receipt.xml.base64EncodedData())
            buffer.writeString("\"}")
        }
        buffer.writeString("]}")
        return buffer
    }

    static func dxpRep(code: String, info: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <dxp:DxpRep ver="1.0" xmlns:dxp="http://www.chinaport.gov.cn/dxp"><dxp:RecevierId>DXPENT0000000001</dxp:RecevierId>\
        <dxp:Response><dxp:ResponseCode>\(code)</dxp:ResponseCode><dxp:ResponseInfo>\(info.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;"))</dxp:ResponseInfo>\
        <dxp:NoticeTime>2026-11-25</dxp:NoticeTime><dxp:OriHead><dxp:CopMsgId>-</dxp:CopMsgId><dxp:SenderId>-</dxp:SenderId>\
        <dxp:ReceiverIds><dxp:ReceiverId>-</dxp:ReceiverId></dxp:ReceiverIds><dxp:CreatTime>2026-11-25T00:00:00</dxp:CreatTime>\
        <dxp:MsgType>-</dxp:MsgType></dxp:OriHead></dxp:Response></dxp:DxpRep>
        """
    }

    static func json(_ text: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json;charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// A JSON string literal (the simulator writes little JSON and has no dependency for it).
    static func quoted(_ text: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])) ?? Data("[\"\"]".utf8)
        return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
    }

    static func xml(_ text: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/xml; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
