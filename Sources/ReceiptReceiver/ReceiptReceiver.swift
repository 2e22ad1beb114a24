public import Foundation
public import Gateway
import HTTPServerSupport
import Hummingbird
public import Logging
import NIOCore
import Outbox
import Signing
import JSONWriting
import HTTPClient

/// The push receiver: customs (or a relay) POSTs receipts, raw or DxpMsg-wrapped, to `/receipts`.
///
/// It answers 200 only after the answers are committed to the outbox, so a sender that saw 200 may
/// forget the receipt; anything else (400 unreadable, 401 no token, 413 too large, 500 store
/// failure) means "not taken, send again". A forged "800 released" would make the platform ship
/// goods customs never released, so off loopback it refuses to start without a token.
public final class ReceiptReceiver: Sendable {
    public let baseURL: URL
    private let server: RunningServer

    private init(server: RunningServer) {
        self.baseURL = server.baseURL
        self.server = server
    }

    /// Starts listening; returns once the port is bound.
    public static func start(
        _ configuration: ReceiptReceiverConfiguration, intake: ReceiptIntake, logger: Logger = Logger(label: "swgate.receipts")
    ) async throws -> ReceiptReceiver {
        if !configuration.isLoopback, (configuration.token ?? "").isEmpty {
            throw ReceiptReceiverError.tokenRequired(configuration.host)
        }
        let router = Router(context: SourcedRequestContext.self)
        router.requireToken(configuration.token, logger: logger)
        router.get("/healthz") { _, _ in "ok" }
        let writer = IntakeQueue(intake: intake)
        router.post("/receipts") { request, context -> Response in
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: configuration.maxBytes)
            } catch {
                logger.warning("refused: larger than \(configuration.maxBytes) bytes", metadata: ["source": "\(context.source)"])
                return Self.reply(.contentTooLarge, "{\"error\": \"larger than \(configuration.maxBytes) bytes\"}")
            }
            let data = Data(body.readableBytesView)
            if !configuration.trustedCertificates.isEmpty,
                let problem = Self.signatureProblem(data, trusted: configuration.trustedCertificates)
            {
                logger.warning("refused: \(problem)", metadata: ["source": "\(context.source)"])
                return Self.reply(.forbidden, "{\"error\": \(JSONString.quoted(problem))}")
            }
            do {
                let counts = try await writer.ingest(data, source: "push from \(context.source)")
                return Self.reply(
                    .ok, "{\"applied\": \(counts.applied), \"duplicates\": \(counts.duplicates), \"unmatched\": \(counts.unmatched)}")
            } catch let error as IntakeQueue.Unreadable {
                logger.warning("refused: \(error.reason)", metadata: ["source": "\(context.source)"])
                return Self.reply(.badRequest, "{\"error\": \(JSONString.quoted(error.reason))}")
            } catch {
                logger.error("not stored: \(error.localizedDescription)", metadata: ["source": "\(context.source)"])
                return Self.reply(.internalServerError, "{\"error\": \"not stored; send again\"}")
            }
        }
        let server = try await RunningServer.start(
            router: router, host: configuration.host, port: configuration.port, serverName: "swgate-receipts", logger: logger,
            limits: configuration.limits
        )
        return ReceiptReceiver(server: server)
    }

    /// Begins a graceful shutdown (for `defer`).
    public func stop() { server.stop() }

    /// Shuts down gracefully and returns once stopped.
    public func shutdown() async { await server.shutdown() }

    public func wait() async { await server.wait() }

    /// Why `data` does not carry a signature by one of `trusted`, or nil when it does.
    static func signatureProblem(_ data: Data, trusted: [Certificate]) -> String? {
        var reasons: [String] = []
        for certificate in trusted {
            let verification = EnvelopedSignature.verify(data, certificate: certificate)
            if verification.isValid { return nil }
            if case .noSignature = verification { return "unsigned, and a signature is required" }
            reasons.append(verification.reason)
        }
        return "signature not accepted: " + (reasons.first ?? "no trusted certificate")
    }

    static func reply(_ status: HTTPResponse.Status, _ json: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: json)))
    }
}

/// Applies pushed receipts one request at a time on a queue of their own (the database blocks),
/// never on the cooperative pool that serves the connections.
struct IntakeQueue: Sendable {
    struct Unreadable: Error { let reason: String }

    let intake: ReceiptIntake
    private let queue = BlockingQueue(label: "swgate.receipts.intake")

    init(intake: ReceiptIntake) { self.intake = intake }

    func ingest(_ data: Data, source: String) async throws -> ReceiptIntake.Counts {
        let intake = intake
        return try await queue.run {
            let prepared: [IncomingReceipt]
            do {
                prepared = try intake.prepare(data, source: source)
            } catch {
                throw Unreadable(reason: (error as? any LocalizedError)?.errorDescription ?? "not a receipt")
            }
            return try intake.apply(prepared)
        }
    }
}

public enum ReceiptReceiverError: Error, LocalizedError {
    case tokenRequired(String)

    public var errorDescription: String? {
        switch self {
        case .tokenRequired(let host):
            "listening on \(host) needs a caller token: add --token SECRET (or set SWGATE_RECEIPTS_TOKEN) and give it to the sender"
        }
    }
}
