import Foundation
import SwgateTestSupport
import Testing

/// The CLI on a PostgreSQL outbox: chosen by URL on the command line or in the profile, the
/// password never printed, and `swgate outbox migrate` between the engines.
@Suite(
    "swgate on a PostgreSQL outbox", .serialized, .enabled(if: PostgresTestServer.isAvailable, "needs Scripts/with-postgres.sh (make test)")
)
struct SharedOutboxCommandTests {
    var bonded: String { Fixtures.checkout.appendingPathComponent("examples/bonded-batch.json").path }

    /// The example profile with its file paths made absolute and `outbox` set.
    func profile(outbox: String, in folder: URL) throws -> String {
        let examples = Fixtures.checkout.appendingPathComponent("examples")
        var profile = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: examples.appendingPathComponent("swgate.json"))) as? [String: Any])
        var bonded = try #require(profile["bonded"] as? [String: Any])
        bonded["accountBook"] = examples.appendingPathComponent("account-book.json").path
        profile["bonded"] = bonded
        var signing = try #require(profile["signing"] as? [String: Any])
        signing["key"] = examples.appendingPathComponent("keys/demo-rsa.key.pem").path
        signing["certificate"] = examples.appendingPathComponent("keys/demo-rsa.cert.pem").path
        profile["signing"] = signing
        profile["outbox"] = outbox
        let path = folder.appendingPathComponent("swgate.json")
        try JSONSerialization.data(withJSONObject: profile).write(to: path)
        return path.path
    }

    func counts(_ outbox: String) throws -> [String: Int] {
        let status = try SwgateProcess.run(["status", "--outbox", outbox, "--json"])
        #expect(status.status == 0, "\(status.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        let documents = try #require(json["documentCounts"] as? [String: Any])
        return try #require(documents["byStatus"] as? [String: Int], "\(json)")
    }

    @Test(
        "submit through the profile's outbox URL, status and doctor on it, migrate it into a folder and find the same; the password never shown"
    )
    func submitStatusMigrate() throws {
        let folder = try Fixtures.temporaryDirectory("swgate-shared-cli")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let url = try PostgresTestServer.freshDatabase("cli")
        // A password in the URL (the test server trusts loopback and ignores it) must never be printed.
        let withPassword = url.replacingOccurrences(of: "postgres@", with: "postgres:hunter2@")
        let config = try profile(outbox: withPassword, in: folder)
        let submitted = try SwgateProcess.run(["submit", bonded, "--config", config], environment: ["SWGATE_OUTBOX": ""], in: folder)
        #expect(submitted.status == 0, "\(submitted.stderr)")
        #expect(submitted.stderr.contains("96 documents enqueued"), "\(submitted.stderr)")
        #expect(submitted.stderr.contains("postgres:***@"), "\(submitted.stderr)")
        #expect(!(submitted.stdout + submitted.stderr).contains("hunter2"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("outbox").path), "no embedded outbox was made")

        #expect(try counts(url) == ["none": 96])
        let doctor = try SwgateProcess.run(["doctor", "--outbox", url])
        #expect(doctor.status == 0, "\(doctor.stdout)\(doctor.stderr)")

        let embedded = folder.appendingPathComponent("copy").path
        let migrated = try SwgateProcess.run(["outbox", "migrate", "--from", withPassword, "--to", embedded])
        #expect(migrated.status == 0, "\(migrated.stderr)")
        #expect(migrated.stdout.contains("every table verified"))
        #expect(!(migrated.stdout + migrated.stderr).contains("hunter2"))
        #expect(try counts(embedded) == ["none": 96])
        let again = try SwgateProcess.run(["outbox", "migrate", "--from", url, "--to", embedded])
        #expect(again.status == 1)
        #expect(again.stderr.contains("already holds"), "\(again.stderr)")
        let missing = try SwgateProcess.run(["outbox", "migrate", "--from", folder.appendingPathComponent("nothing").path, "--to", url])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("there is no outbox at"))
    }
}
