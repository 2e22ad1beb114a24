import Foundation
import Gateway
import HTTPClient
import Outbox
import Signing
import ThreadSupport

// Blocking calls awaited from a test on a thread of their own. The listeners these tests call run
// in the test's process and answer on Swift's concurrency pool — as many threads as cores — which
// a call blocking one of its threads, in every test running at once, would leave without a thread
// to answer on. In asynchronous code these overloads are the ones chosen, so a blocking call
// cannot slip into a test unawaited; inside `BlockingWork.run` the blocking ones are.

extension CurlClient {
    func get(_ url: String) async throws -> HTTPResponse {
        try await BlockingWork.run("test-http") { try self.get(url) }
    }

    func post(_ url: String, body: Data, contentType: String, extraHeaders: [String: String] = [:]) async throws -> HTTPResponse {
        try await BlockingWork.run("test-http") { try self.post(url, body: body, contentType: contentType, extraHeaders: extraHeaders) }
    }
}

extension Dispatcher {
    func sendDue(now: Date = Date()) async throws -> Int {
        try await BlockingWork.run("test-send") { try self.sendDue(now: now) }
    }

    /// Rounds until one sends nothing: everything due, however many rounds a loaded machine
    /// makes of it (a round ends after a second).
    func sendEverythingDue() async throws -> Int {
        var sent = 0
        while case let round = try await sendDue(), round > 0 { sent += round }
        return sent
    }
}

extension ReceiptPoller {
    func poll() async throws -> ReceiptIntake.Counts {
        try await BlockingWork.run("test-poll") { try self.poll() }
    }
}

extension PlatformDataUploader {
    func runOnce(client: CurlClient, now: @escaping @Sendable () -> Date = Date.init) async throws -> Round {
        try await BlockingWork.run("test-upload") { try self.runOnce(client: client, now: now) }
    }
}

extension HTTPSigner {
    func sign(_ data: Data) async throws -> Data {
        try await BlockingWork.run("test-sign") { try self.sign(data) }
    }
}

extension EnvelopedSignature {
    static func sign(_ xml: Data, with signer: HTTPSigner) async throws -> Data {
        try await BlockingWork.run("test-sign") { try sign(xml, with: signer as any Signer) }
    }
}
