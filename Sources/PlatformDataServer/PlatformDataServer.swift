public import Foundation
import Gateway
import HTTPServerSupport
import Hummingbird
import JSONWriting
public import Logging
import NIOCore
public import Outbox

/// The platform's platDataOpen interface (announcement 179): customs POSTs which order's payment
/// raw data it wants; the request is committed to the outbox, then answered `10000` at once. The
/// upload itself runs from the outbox (``PlatformDataUploader``), never inside the request.
///
/// A malformed request is answered with code `20000` and a reason, and logged; a request that
/// cannot be recorded is answered `20000` too (customs asks again), never `10000`.
public final class PlatformDataServer: Sendable {
    public let baseURL: URL
    private let server: RunningServer

    private init(server: RunningServer) {
        self.baseURL = server.baseURL
        self.server = server
    }

    /// Starts listening; returns once the port is bound.
    public static func start(
        _ configuration: PlatformDataServerConfiguration, store: SQLOutbox, logger: Logger = Logger(label: "swgate.platform-data")
    ) async throws -> PlatformDataServer {
        if !configuration.isLoopback, (configuration.token ?? "").isEmpty {
            throw PlatformDataServerError.tokenRequired(configuration.host)
        }
        let router = Router(context: SourcedRequestContext.self)
        router.requireToken(configuration.token, logger: logger)
        router.get("/healthz") { _, _ in "ok" }
        let recorder = RequestRecorder(store: store)
        router.post("/platDataOpen") { request, context -> Response in
            let started = ContinuousClock.now
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: configuration.maxBytes)
            } catch {
                logger.warning("refused: larger than \(configuration.maxBytes) bytes", metadata: ["source": "\(context.source)"])
                return answer(.contentTooLarge, code: "20000", "the request is larger than \(configuration.maxBytes) bytes")
            }
            let open: PlatformOpenRequest
            do {
                open = try PlatformOpenRequest.parse(
                    body: Data(body.readableBytesView), contentType: request.headers[.contentType])
            } catch let error as PlatformOpenRequest.Malformed {
                logger.warning("refused: \(error.reason)", metadata: ["source": "\(context.source)"])
                return answer(.badRequest, code: "20000", error.reason)
            }
            let metadata: Logger.Metadata = [
                "order": "\(LogText.escaped(open.orderNo))", "session": "\(LogText.escaped(open.sessionID))", "source": "\(context.source)",
            ]
            do {
                let arrival = SQLOutbox.PlatformRequestArrival(
                    sessionID: open.sessionID, orderNo: open.orderNo,
                    askedAt: Date(timeIntervalSince1970: Double(open.serviceTime) / 1000), source: "\(context.source)")
                let recorded = try await recorder.record(arrival)
                let elapsed = ContinuousClock.now - started
                if elapsed > .milliseconds(Int64(configuration.answerWithin * 1000)) {
                    logger.warning("slow answer: \(elapsed)", metadata: metadata)
                }
                logger.info(recorded.isNew ? "request recorded" : "request repeated", metadata: metadata)
                return answer(.ok, code: "10000", "")
            } catch {
                logger.error("not recorded: \(error.localizedDescription)", metadata: metadata)
                return answer(.internalServerError, code: "20000", "not recorded; ask again")
            }
        }
        let server = try await RunningServer.start(
            router: router, host: configuration.host, port: configuration.port, serverName: "swgate-platform-data", logger: logger,
            limits: configuration.limits)
        return PlatformDataServer(server: server)
    }

    /// Begins a graceful shutdown (for `defer`).
    public func stop() { server.stop() }

    /// Shuts down gracefully and returns once stopped.
    public func shutdown() async { await server.shutdown() }

    public func wait() async { await server.wait() }

    static func answer(_ status: HTTPResponse.Status, code: String, _ message: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json;charset=utf-8"
        let time = Int64((Date().timeIntervalSince1970 * 1000).rounded())
        let json = "{\"code\":\(JSONString.quoted(code)),\"message\":\(JSONString.quoted(message)),\"serviceTime\":\(time)}"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: json)))
    }
}

public enum PlatformDataServerError: Error, LocalizedError {
    case tokenRequired(String)

    public var errorDescription: String? {
        switch self {
        case .tokenRequired(let host):
            "listening on \(host) needs a caller token: add --token SECRET (or set SWGATE_PLATFORM_DATA_TOKEN) and have the reverse proxy in front add it"
        }
    }
}
