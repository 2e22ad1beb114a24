import Adapters
import Foundation
import SwgateTestSupport
import Testing

@Suite("Profile: the signing section")
struct SigningProfileTests {
    /// The example profile with its `signing` section replaced.
    static func parse(signing: [String: Any]) throws -> EnterpriseProfile {
        let examples = Fixtures.checkout.appendingPathComponent("examples")
        var object = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: examples.appendingPathComponent("swgate.json"))) as? [String: Any])
        object["signing"] = signing
        return try EnterpriseProfile.parse(try JSONSerialization.data(withJSONObject: object), source: "p.json", baseDirectory: examples)
    }

    static func problems(signing: [String: Any]) -> [String] {
        do {
            _ = try parse(signing: signing)
            return []
        } catch let error as ProfileError {
            return error.problems
        } catch {
            return ["\(error)"]
        }
    }

    @Test("an external command is read with its algorithm and timeout; a relative program path is relative to the profile")
    func command() throws {
        let profile = try Self.parse(signing: [
            "command": ["tools/ukey-sign", "--slot", "1"], "certificate": "keys/demo-rsa.cert.pem", "algorithm": "rsa-sha1", "timeout": 3,
        ])
        let signing = try #require(profile.signing)
        #expect(signing.keyFile == nil)
        #expect(signing.command?.first?.hasSuffix("/examples/tools/ukey-sign") == true)
        #expect(signing.command?.dropFirst() == ["--slot", "1"])
        #expect(signing.timeout == 3)
    }

    @Test("a signing server is read with its URL and timeout")
    func server() throws {
        let profile = try Self.parse(signing: [
            "url": "https://signer.internal:8443/sign", "certificate": "keys/demo-rsa.cert.pem", "algorithm": "rsa-sha1", "timeout": 4,
        ])
        let signing = try #require(profile.signing)
        #expect(signing.url == "https://signer.internal:8443/sign")
        #expect(signing.keyFile == nil && signing.command == nil)
        #expect(signing.timeout == 4)
    }

    @Test("more than one of key, command and url, none, a signer without algorithm, or a bad URL are errors with their path")
    func errors() {
        let both = Self.problems(signing: [
            "key": "keys/demo-rsa.key.pem", "command": ["/bin/true"], "certificate": "keys/demo-rsa.cert.pem",
        ])
        #expect(both.contains { $0.contains("signing") && $0.contains("more than one") })
        let keyAndServer = Self.problems(signing: [
            "key": "keys/demo-rsa.key.pem", "url": "http://127.0.0.1/sign", "certificate": "keys/demo-rsa.cert.pem",
        ])
        #expect(keyAndServer.contains { $0.contains("signing") && $0.contains("more than one") })
        let neither = Self.problems(signing: ["certificate": "keys/demo-rsa.cert.pem"])
        #expect(neither.contains { $0.contains("signing") && $0.contains("\"url\"") })
        let serverWithoutAlgorithm = Self.problems(signing: ["url": "http://127.0.0.1/sign", "certificate": "keys/demo-rsa.cert.pem"])
        #expect(serverWithoutAlgorithm.contains { $0.contains("signing.algorithm") })
        let badURL = Self.problems(signing: ["url": "signer:8080", "certificate": "keys/demo-rsa.cert.pem", "algorithm": "rsa-sha1"])
        #expect(badURL.contains { $0.contains("signing.url") })
        let noAlgorithm = Self.problems(signing: ["command": ["/bin/true"], "certificate": "keys/demo-rsa.cert.pem"])
        #expect(noAlgorithm.contains { $0.contains("signing.algorithm") })
        let missingCertificate = Self.problems(signing: ["key": "keys/demo-rsa.key.pem", "certificate": "keys/nope.pem"])
        #expect(missingCertificate.contains { $0.contains("signing.certificate") && $0.contains("does not exist") })
    }
}
