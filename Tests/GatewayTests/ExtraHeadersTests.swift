import Adapters
import Foundation
import SwgateTestSupport
import Testing
import HTTPClient
import Transport

/// Extra headers (`endpoint.headers` in the profile, `--header` on run/send) reach the wire, and
/// the ones that would break a request are refused before anything is sent.
@Suite("Extra HTTP headers")
struct ExtraHeadersTests {
    @Test("configured headers go out with the request, next to swgate's own")
    func headersOnTheWire() throws {
        let server = try OneRequestServer()
        var configuration = HTTPConfiguration()
        configuration.headers = ["X-Tenant": "platform-7", "X-Api-Key": "k-123"]
        let response = try CurlClient(configuration: configuration).get("http://127.0.0.1:\(server.port)/dxp")
        #expect(response.status == 200)
        let head = server.request().lowercased()
        #expect(head.contains("x-tenant: platform-7"))
        #expect(head.contains("x-api-key: k-123"))
    }

    @Test("names that are not tokens, values with line breaks, and headers swgate owns are refused")
    func refused() {
        #expect(EndpointSettings.headerProblem(name: "X-Tenant", value: "a b") == nil)
        #expect(EndpointSettings.headerProblem(name: "X Tenant", value: "a")?.contains("not a valid header name") == true)
        #expect(EndpointSettings.headerProblem(name: "X-Evil", value: "a\r\nHost: other")?.contains("line break") == true)
        #expect(EndpointSettings.headerProblem(name: "content-type", value: "text/plain")?.contains("set by swgate") == true)
    }

    @Test("a bad header in the profile is named by its JSON path; a bad --header stops send before anything is sent")
    func profileAndCommandLine() throws {
        let folder = try Fixtures.temporaryDirectory("swgate-headers")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let examples = Fixtures.checkout.appendingPathComponent("examples")
        var object = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: examples.appendingPathComponent("swgate.json"))) as? [String: Any])
        object["endpoint"] = ["url": "http://127.0.0.1:9/", "headers": ["X-Tenant": "t1", "Bad Name": "x"]]
        let profile = folder.appendingPathComponent("profile.json")
        try JSONSerialization.data(withJSONObject: object).write(to: profile)
        #expect(throws: (any Error).self) { _ = try EnterpriseProfile.load(contentsOf: profile) }
        do {
            _ = try EnterpriseProfile.load(contentsOf: profile)
        } catch {
            #expect(error.localizedDescription.contains("endpoint.headers"), "\(error.localizedDescription)")
        }
        let result = try SwgateProcess.run([
            "send", "--once", "--config", examples.appendingPathComponent("swgate.json").path, "--outbox",
            folder.appendingPathComponent("outbox").path,
            "--endpoint", "http://127.0.0.1:9/", "--header", "X-Evil: a\r\nHost: b",
        ])
        #expect(result.status != 0)
        #expect(result.stderr.contains("line break"), "\(result.stderr)")
    }
}
