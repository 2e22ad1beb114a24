import Foundation
import HTTPServerSupport
import Hummingbird
import Logging
import NIOCore
import Signing
import SwgateTestSupport
import Synchronization
import HTTPClient

/// A signing server on loopback, as an enterprise runs one in front of its USB key: it signs with
/// the demo RSA key, wants a bearer token, and can be told to misbehave.
final class SigningServer: Sendable {
    enum Mode: Int, Sendable {
        case sign, plainBase64, unavailable, refused, foreignSignature, foreignCertificate, slow
    }

    let server: RunningServer
    let state: State

    var url: String { server.baseURL.appendingPathComponent("sign").absoluteString }
    /// Requests that reached the route (with the right token).
    var requests: Int { state.requests.load(ordering: .relaxed) }

    func set(_ mode: Mode) { state.mode.store(mode.rawValue, ordering: .relaxed) }
    /// Answers the next `count` requests with 503, then behaves as its mode says.
    func failFirst(_ count: Int) { state.failFirst.store(count, ordering: .relaxed) }

    static let keys = Fixtures.checkout.appendingPathComponent("examples/keys")

    private init(server: RunningServer, state: State) {
        self.server = server
        self.state = state
    }

    /// What the route and the test share.
    final class State: Sendable {
        let mode = Atomic<Int>(Mode.sign.rawValue)
        let failFirst = Atomic<Int>(0)
        let requests = Atomic<Int>(0)
    }

    static func start(token: String) async throws -> SigningServer {
        let signer = try SoftwareSigner(
            keyFile: keys.appendingPathComponent("demo-rsa.key.pem"), certificateFile: keys.appendingPathComponent("demo-rsa.cert.pem"),
            algorithm: .rsaSHA1)
        let other = try SoftwareSigner(
            keyFile: keys.appendingPathComponent("demo-sm2.key.pem"), certificateFile: keys.appendingPathComponent("demo-sm2.cert.pem"))
        let state = State()
        let router = Router()
        router.add(middleware: BearerTokenMiddleware(token: token))
        router.post("/sign") { request, _ -> Response in
            state.requests.add(1, ordering: .relaxed)
            let body = try await request.body.collect(upTo: 1 << 20)
            guard let object = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any],
                object["algorithm"] as? String == "rsa-sha1", let encoded = object["data"] as? String,
                let data = Data(base64Encoded: encoded)
            else { return Self.reply(.badRequest, "expected {algorithm: rsa-sha1, data: Base64}") }
            if state.failFirst.load(ordering: .relaxed) > 0 {
                state.failFirst.subtract(1, ordering: .relaxed)
                return Self.reply(.serviceUnavailable, "USB key busy")
            }
            switch Mode(rawValue: state.mode.load(ordering: .relaxed)) ?? .sign {
            case .sign:
                let signature = try signer.sign(data).base64EncodedString()
                return Self.reply(
                    .ok, "{\"signature\": \"\(signature)\", \"certificate\": \"\(signer.certificate.base64EncodedString())\"}")
            case .plainBase64:
                return Self.reply(.ok, try signer.sign(data).base64EncodedString())
            case .unavailable:
                return Self.reply(.serviceUnavailable, "USB key busy")
            case .refused:
                return Self.reply(.forbidden, "key locked: wrong PIN")
            case .foreignSignature:
                return Self.reply(.ok, try other.sign(data).base64EncodedString())
            case .foreignCertificate:
                return Self.reply(
                    .ok,
                    "{\"signature\": \"\(try signer.sign(data).base64EncodedString())\", \"certificate\": \"\(other.certificate.base64EncodedString())\"}"
                )
            case .slow:
                try await Task.sleep(for: .seconds(3))
                return Self.reply(.ok, try signer.sign(data).base64EncodedString())
            }
        }
        let server = try await RunningServer.start(
            router: router, host: "127.0.0.1", port: 0, serverName: "test-signing-server", logger: Logger(label: "test.signer"))
        return SigningServer(server: server, state: state)
    }

    static func reply(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(status: status, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
