import Foundation
import SwgateTestSupport
import Testing

@Suite("swgate status: the signing certificate")
struct StatusCertificateTests {
    @Test("a certificate close to expiry is reported with a warning; a distant one without")
    func expiry() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let examples = Fixtures.checkout.appendingPathComponent("examples")
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        openssl.arguments = [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", folder.appendingPathComponent("k.pem").path,
            "-out", folder.appendingPathComponent("c.pem").path, "-days", "5", "-subj", "/CN=swgate test",
        ]
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        try #require(openssl.terminationStatus == 0)
        var object = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: examples.appendingPathComponent("swgate.json"))) as? [String: Any])
        var bonded = try #require(object["bonded"] as? [String: Any])
        bonded["accountBook"] = examples.appendingPathComponent("account-book.json").path
        object["bonded"] = bonded
        object["signing"] = ["key": "k.pem", "certificate": "c.pem", "algorithm": "rsa-sha1"]
        let profile = folder.appendingPathComponent("swgate.json")
        try JSONSerialization.data(withJSONObject: object).write(to: profile)
        let outbox = folder.appendingPathComponent("outbox").path
        let submitted = try SwgateProcess.run([
            "submit", examples.appendingPathComponent("bonded-batch.json").path, "--config",
            examples.appendingPathComponent("swgate.json").path, "--outbox", outbox,
        ])
        try #require(submitted.status == 0, "\(submitted.stderr)")

        let soon = try SwgateProcess.run(["status", "--outbox", outbox, "--config", profile.path, "--json"])
        #expect(soon.status == 0, "\(soon.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(soon.stdout.utf8)) as? [String: Any])
        let certificate = try #require(json["signingCertificate"] as? [String: Any])
        #expect((certificate["expiresInDays"] as? Int).map { (3...5).contains($0) } == true)
        #expect((certificate["warning"] as? String)?.contains("renew") == true)

        let distant = try SwgateProcess.run(["status", "--outbox", outbox, "--config", examples.appendingPathComponent("swgate.json").path])
        #expect(distant.status == 0)
        #expect(distant.stdout.contains("signing certificate"))
        #expect(!distant.stderr.contains("warning"))
    }
}
