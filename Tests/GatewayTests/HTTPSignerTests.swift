import Adapters
import CEBMessages
import Foundation
import Gateway
import Outbox
import HTTPServerSupport
import Signing
import Simulator
import HTTPClient
import Transport
import SwgateTestSupport
import Testing
import ThreadSupport

/// The enterprise's signing server, over real HTTP on loopback.
@Suite("Signing server over HTTP")
struct HTTPSignerTests {
    static func certificate() throws -> Certificate {
        try Certificate(contentsOf: SigningServer.keys.appendingPathComponent("demo-rsa.cert.pem"))
    }

    static func signer(_ server: SigningServer, token: String?, timeout: TimeInterval = 10) throws -> HTTPSigner {
        var http = HTTPConfiguration()
        http.bearerToken = token
        http.totalTimeout = timeout
        return try HTTPSigner(url: server.url, certificate: try certificate(), algorithm: .rsaSHA1, http: http)
    }

    @Test("a CEB621 signed through the server verifies; JSON and plain Base64 answers both work")
    func signs() async throws {
        let server = try await SigningServer.start(token: "signer-token")
        defer { server.server.stop() }
        let signer = try Self.signer(server, token: "signer-token")
        var declaration = SampleDeclarations.inventory()
        declaration.signature = nil
        let inventory = declaration.xmlData()
        let signed = try await EnvelopedSignature.sign(inventory, with: signer)
        #expect(EnvelopedSignature.verify(signed).isValid)
        server.set(.plainBase64)
        #expect(EnvelopedSignature.verify(try await EnvelopedSignature.sign(inventory, with: signer)).isValid)
        #expect(server.requests == 2)
    }

    @Test("failures are classified: unreachable, 503 and timeouts are transient; 401, 403, foreign keys and certificates are permanent")
    func failures() async throws {
        let server = try await SigningServer.start(token: "signer-token")
        defer { server.server.stop() }
        let data = Data("<SignedInfo/>".utf8)
        func failure(_ signer: HTTPSigner) async -> SigningError? {
            let failed = try? await BlockingWork.run { () -> SigningError? in
                do throws(SigningError) {
                    _ = try signer.sign(data)
                    return nil
                } catch {
                    return error
                }
            }
            return failed ?? nil
        }
        let wrongToken = await failure(try Self.signer(server, token: "guess"))
        #expect(wrongToken?.kind == .permanent)
        #expect(wrongToken?.message.contains("401") == true)
        let cases: [(SigningServer.Mode, SigningError.Kind, String)] = [
            (.unavailable, .transient, "503"),
            (.refused, .permanent, "wrong PIN"),
            (.foreignSignature, .permanent, "does not verify"),
            (.foreignCertificate, .permanent, "different certificate"),
            (.slow, .transient, "signing server"),
        ]
        for (mode, kind, text) in cases {
            server.set(mode)
            // Only the slow answer (3 s) is to run out of time; the others get the default, so that
            // a loaded machine cannot turn them into timeouts.
            let error = await failure(try Self.signer(server, token: "signer-token", timeout: mode == .slow ? 0.5 : 10))
            #expect(error?.kind == kind, "\(mode): \(error?.message ?? "signed")")
            #expect(error?.message.contains(text) == true, "\(mode): \(error?.message ?? "signed")")
        }
        // Nobody listening: nothing was signed, try again later.
        var http = HTTPConfiguration()
        http.totalTimeout = 1
        let nobody = try HTTPSigner(url: "http://127.0.0.1:9/sign", certificate: try Self.certificate(), algorithm: .rsaSHA1, http: http)
        #expect(await failure(nobody)?.kind == .transient)
        #expect(throws: SigningError.self) {
            try HTTPSigner(url: "ftp://signer/sign", certificate: try Self.certificate(), algorithm: .rsaSHA1, http: http)
        }
    }

    @Test(
        "dispatch through a signing server that is busy at first: inventories wait, are signed once it answers, and customs accepts the signatures"
    )
    func dispatchThroughServer() async throws {
        let server = try await SigningServer.start(token: "signer-token")
        defer { server.server.stop() }
        let certificate = try Data(contentsOf: SigningServer.keys.appendingPathComponent("demo-rsa.cert.pem"))
        let harness = try await GatewayHarness.start { $0.certificates = [certificate] }
        defer { harness.stop() }
        server.failFirst(10)
        let signing = SigningSettings(
            keyFile: nil, certificateFile: SigningServer.keys.appendingPathComponent("demo-rsa.cert.pem"), algorithm: "rsa-sha1",
            url: server.url, timeout: 5
        )
        let settled = try await harness.runUntilSettled(
            harness.settings { $0.maxAttempts = 30 }, seconds: 60, signing: signing, environment: ["SWGATE_SIGNER_TOKEN": "signer-token"]
        )
        #expect(settled)
        let status = try harness.store.status(now: Date())
        #expect(status.documentsByStatus["800"] == 24, "customs verified every inventory's signature and released it")
        #expect(status.messagesByState["dead"] == nil)
        #expect(server.requests >= 24 + 10)
        let retried = try harness.store.documents(DocumentFilter(type: .ceb621, limit: 100)).filter { $0.attempts > 1 }
        #expect(!retried.isEmpty, "the 503s were transient failures, retried")
    }
}
