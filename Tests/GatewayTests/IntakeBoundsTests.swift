import CEBMessages
import ExternalCommand
import Foundation
import Gateway
import Outbox
import ReceiptReceiver
import SwgateTestSupport
import Testing
import HTTPClient
import Transport

/// What one receipt may carry, and what an operator's program may see.
@Suite("Intake bounds and the environment of hooks")
struct IntakeBoundsTests {
    static func orderReturns(_ count: Int, info: String = "ok") -> Data {
        CEB312Message(
            returns: (0..<count).map {
                OrderReturn(
                    guid: CEBGuid.make(), ebpCode: "3301960XYZ", ebcCode: "3301960XYZ", orderNo: "HT\($0)", returnStatus: "120",
                    returnTime: "20261125103000000", returnInfo: info)
            }
        ).xmlData()
    }

    @Test("a push with 150,000 answers, or 3 MiB of returnInfo, is refused (400) and stores nothing")
    func oversizedPush() async throws {
        let folder = try Fixtures.temporaryDirectory("swgate-bounds")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let store = try SQLOutbox(directory: folder.appendingPathComponent("outbox"))
        let receiver = try await ReceiptReceiver.start(ReceiptReceiverConfiguration(), intake: ReceiptIntake(store: store))
        defer { receiver.stop() }
        let url = receiver.baseURL.appendingPathComponent("receipts").absoluteString
        let client = try CurlClient(configuration: HTTPConfiguration())
        // Compact answers, default namespace: 150,000 of them fit under the 16 MiB size limit.
        let answer = "<OrderReturn><orderNo>HT1</orderNo><returnStatus>120</returnStatus></OrderReturn>"
        let many = Data(
            ("<CEB312Message xmlns=\"http://www.chinaport.gov.cn/ceb\">" + String(repeating: answer, count: 150_000) + "</CEB312Message>")
                .utf8)
        let huge = Self.orderReturns(1, info: String(repeating: "长", count: 1024 * 1024))
        for (body, expected) in [(many, "at most 1000"), (huge, "returnInfo")] {
            #expect(body.count < 16 * 1024 * 1024, "under the size limit, so the answer bound is what refuses it")
            let response = try await client.post(url, body: body, contentType: "application/xml")
            #expect(response.status == 400)
            #expect(String(decoding: response.body, as: UTF8.self).contains(expected), "\(String(decoding: response.body, as: UTF8.self))")
        }
        #expect(try store.unmatchedReceipts().isEmpty)
        #expect(try store.rawReceipts().isEmpty)
        // Within the bounds it is taken.
        #expect(try ReceiptIntake(store: store).ingest(Self.orderReturns(100), source: "test").unmatched == 100)
    }

    @Test("hooks and signer programs see PATH and the locale, never the database password or swgate's tokens")
    func hookEnvironment() throws {
        setenv("PGPASSWORD", "pg-secret", 1)
        setenv("SWGATE_SIGNER_TOKEN", "signer-secret", 1)
        setenv("SWGATE_TOKEN", "endpoint-secret", 1)
        setenv("PLATFORM_HOOK_SETTING", "wanted", 1)
        defer {
            for name in ["PGPASSWORD", "SWGATE_SIGNER_TOKEN", "SWGATE_TOKEN", "PLATFORM_HOOK_SETTING", "SWGATE_PASS_ENV"] { unsetenv(name) }
        }
        let env = try ExternalCommand(["/usr/bin/env"], timeout: 5).run(input: Data(), environment: ["SWGATE_SIGN_ALGORITHM": "rsa-sha1"])
        let seen = String(decoding: env.standardOutput, as: UTF8.self)
        #expect(seen.contains("PATH="))
        #expect(seen.contains("SWGATE_SIGN_ALGORITHM=rsa-sha1"), "what swgate hands the program explicitly")
        for secret in ["pg-secret", "signer-secret", "endpoint-secret", "PLATFORM_HOOK_SETTING"] {
            #expect(!seen.contains(secret), "\(secret) leaked")
        }
        setenv("SWGATE_PASS_ENV", "PLATFORM_HOOK_SETTING", 1)
        let passed = String(decoding: try ExternalCommand(["/usr/bin/env"], timeout: 5).run(input: Data()).standardOutput, as: UTF8.self)
        #expect(passed.contains("PLATFORM_HOOK_SETTING=wanted"), "an operator names what a hook may see")
        #expect(!passed.contains("pg-secret"))
    }

    @Test("a listener's refusals are logged with their source: the simulator's 401, and malformed HTTP")
    func refusalsLogged() throws {
        let process = Process()
        process.executableURL = SwgateProcess.executable
        process.arguments = ["simulator", "--port", "0", "--token", "sim-token"]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        defer { process.terminate() }
        let line = String(decoding: out.fileHandleForReading.availableData, as: UTF8.self)
        let base = try #require(line.split(separator: "\n").first.map(String.init), "the simulator prints its URL")
        let client = try CurlClient(configuration: HTTPConfiguration())
        #expect(try client.get(base + "/healthz").status == 401)
        let port = try #require(URL(string: base)?.port)
        let raw = try ListenerLimitsTests.RawClient(port: port)
        raw.send("GARBAGE\u{0}\u{1}\r\n\r\n")
        usleep(300_000)
        process.terminate()
        process.waitUntilExit()
        let log = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(log.contains("refused: no valid token") && log.contains("127.0.0.1"), "\(log)")
        #expect(log.contains("malformed HTTP"), "\(log)")
    }
}
