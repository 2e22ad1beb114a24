import AdminServer
import Foundation
import Gateway
import Outbox
import SwgateTestSupport
import Testing
import HTTPClient
import Transport

@Suite("Admin endpoint: /healthz and /metrics")
struct AdminServerTests {
    /// `name{labels} value` lines of a Prometheus exposition.
    static func samples(_ text: String) -> [String: Double] {
        var result: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            if parts.count == 2, let value = Double(parts[1]) { result[String(parts[0])] = value }
        }
        return result
    }

    @Test("metrics show queue depth by state and sends by outcome as they happen; the token is enforced")
    func metrics() async throws {
        let harness = try await GatewayHarness.start()
        defer { harness.stop() }
        let dispatcher = try Dispatcher(
            store: harness.store, settings: harness.settings(), signer: try SignerFactory.signer(for: harness.profile))
        let admin = try await AdminServer.start(port: 0, token: "ops", store: harness.store, metrics: dispatcher.metrics)
        defer { admin.stop() }
        let url = admin.baseURL.appendingPathComponent("metrics").absoluteString
        #expect(try await CurlClient(configuration: HTTPConfiguration()).get(url).status == 401)
        var configuration = HTTPConfiguration()
        configuration.bearerToken = "ops"
        let client = try CurlClient(configuration: configuration)
        #expect(try await client.get(admin.baseURL.appendingPathComponent("healthz").absoluteString).status == 200)

        let before = Self.samples(String(decoding: try await client.get(url).body, as: UTF8.self))
        #expect(before["swgate_messages{state=\"queued\"}"] == 96)
        #expect(before["swgate_documents{customs_status=\"none\"}"] == 96)
        #expect(before["swgate_platform_data_requests{state=\"pending\"}"] == 0)
        _ = try harness.store.recordPlatformRequest(sessionID: "m1", orderNo: "HT1", askedAt: Date(), source: "t", now: Date())
        let asked = Self.samples(String(decoding: try await client.get(url).body, as: UTF8.self))
        #expect(asked["swgate_platform_data_requests{state=\"pending\"}"] == 1)
        #expect(asked["swgate_platform_data_overdue"] == 0)

        let sent = try await dispatcher.sendEverythingDue()
        // Every order, payment and waybill (72); the inventories wait for their acceptance.
        #expect(sent == 72)
        let response = try await client.get(url)
        #expect(response.headers["content-type"]?.hasPrefix("text/plain") == true)
        let after = Self.samples(String(decoding: response.body, as: UTF8.self))
        let attempts = after.filter { $0.key.hasPrefix("swgate_send_attempts_total") }.values.reduce(0, +)
        #expect(attempts == Double(sent))
        #expect(after["swgate_send_duration_seconds_count"] == Double(sent))
        #expect(after["swgate_send_duration_seconds_bucket{le=\"+Inf\"}"] == Double(sent))
        #expect((after["swgate_messages{state=\"queued\"}"] ?? 0) < 96)

        await #expect(throws: AdminServerError.self) {
            _ = try await AdminServer.start(host: "0.0.0.0", port: 0, token: nil, store: harness.store, metrics: nil)
        }
    }
}
