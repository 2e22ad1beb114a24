import Foundation
import Outbox
import Simulator
import SwgateTestSupport
import Testing

@Suite("swgate run: the endpoint and wire profile from the enterprise profile")
struct EndpointProfileTests {
    @Test(
        "with endpoint.url and wire raw in the profile, run needs no --endpoint and settles the bonded example; without any endpoint it says how to give one"
    )
    func profileEndpoint() async throws {
        let harness = try await GatewayHarness.start()
        defer { harness.stop() }
        let examples = Fixtures.checkout.appendingPathComponent("examples")
        var object = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: examples.appendingPathComponent("swgate.json"))) as? [String: Any])
        var bonded = try #require(object["bonded"] as? [String: Any])
        bonded["accountBook"] = examples.appendingPathComponent("account-book.json").path
        object["bonded"] = bonded
        object["signing"] = [
            "key": examples.appendingPathComponent("keys/demo-rsa.key.pem").path,
            "certificate": examples.appendingPathComponent("keys/demo-rsa.cert.pem").path,
        ]
        let withoutEndpoint = harness.folder.appendingPathComponent("plain.json")
        try JSONSerialization.data(withJSONObject: object).write(to: withoutEndpoint)
        object["endpoint"] = ["url": harness.simulator.baseURL.absoluteString, "wire": "raw"]
        let withEndpoint = harness.folder.appendingPathComponent("profile.json")
        try JSONSerialization.data(withJSONObject: object).write(to: withEndpoint)
        let outbox = harness.folder.appendingPathComponent("outbox").path

        let missing = try SwgateProcess.run(
            ["send", "--once", "--config", withoutEndpoint.path, "--outbox", outbox], environment: ["SWGATE_ENDPOINT": ""])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("--endpoint"))

        let result = try await SwgateProcess.runAgainstListener([
            "run", "--config", withEndpoint.path, "--outbox", outbox, "--until-settled", "--max-wait", "60",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try harness.store.status(now: Date()).documentsByStatus["800"] == 24)
        let log = await harness.simulator.customs.transmissionLog()
        #expect(log.count == 96)
        let attempt = try #require(try harness.store.details("1").first?.attempts.first)
        #expect(attempt.endpoint?.hasSuffix("/dxp") == true)
    }
}
