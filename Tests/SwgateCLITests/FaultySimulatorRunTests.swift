import Foundation
import SwgateTestSupport
import Testing

/// Two real processes, as an operator would run them: a `swgate simulator` that fails a fifth of
/// the requests with HTTP 500, holds some replies past the client's timeout, and delivers every
/// receipt twice in random order; and `swgate run --until-settled` against it.
@Suite("swgate run against a faulty swgate simulator")
struct FaultySimulatorRunTests {
    @Test("every document of the bonded example reaches its final status, nothing dead, though sends failed and were retried")
    func settlesThroughFaults() async throws {
        let folder = try Fixtures.temporaryDirectory("swgate-faulty-run")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let simulator = Process()
        simulator.executableURL = SwgateProcess.executable
        simulator.arguments = [
            "simulator", "--port", "0", "--http-500-rate", "0.2", "--timeout-rate", "0.05", "--timeout-hold", "2",
            "--duplicate-receipts", "--reorder-receipts", "--stage-delay", "0.02", "--seed", "7",
        ]
        let output = Pipe()
        simulator.standardOutput = output
        simulator.standardError = FileHandle.nullDevice
        simulator.standardInput = FileHandle.nullDevice
        try simulator.run()
        defer {
            simulator.terminate()
            simulator.waitUntilExit()
        }
        let baseURL = try #require(Self.firstLine(of: output.fileHandleForReading))
        #expect(baseURL.hasPrefix("http://127.0.0.1:"))

        let outbox = folder.appendingPathComponent("outbox").path
        let profile = Fixtures.checkout.appendingPathComponent("examples/swgate.json").path
        let batch = Fixtures.checkout.appendingPathComponent("examples/bonded-batch.json").path
        let submitted = try SwgateProcess.run(["submit", batch, "--config", profile, "--outbox", outbox])
        #expect(submitted.status == 0, "\(submitted.stderr)")

        let badLoops = try SwgateProcess.run(["run", "--endpoint", baseURL, "--outbox", outbox, "--dispatchers", "0"])
        #expect(badLoops.status == 2 && badLoops.stderr.contains("--dispatchers"), "\(badLoops.stderr)")

        let run = try SwgateProcess.run([
            "run", "--endpoint", baseURL, "--config", profile, "--outbox", outbox, "--until-settled", "--max-wait", "120",
            "--timeout", "1", "--backoff", "0.05", "--backoff-cap", "0.5", "--max-attempts", "30", "--dispatchers", "2",
        ])
        #expect(run.status == 0, "\(run.stderr)")

        let status = try SwgateProcess.run(["status", "--outbox", outbox, "--json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        let documents = try #require(json["documentCounts"] as? [String: Any])
        let byStatus = try #require(documents["byStatus"] as? [String: Int])
        let messages = try #require(json["messageCounts"] as? [String: Any])
        let byState = try #require(messages["byState"] as? [String: Int])
        // 24 parcels: inventories released (800); orders, payments and waybills accepted (120).
        #expect(byStatus == ["800": 24, "120": 72])
        #expect(byState["dead"] == nil)
        #expect(byState["acknowledged"] == 96)
        // The faults really happened: with one send in five failing, 96 messages took more attempts.
        let listed = try SwgateProcess.run(["list", "--outbox", outbox, "--json", "--limit", "1000"])
        let rows = try #require(
            (try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any])?["documents"] as? [[String: Any]])
        let attempts = rows.compactMap { $0["attemptCount"] as? Int }
        #expect(rows.count == 96)
        #expect(attempts.reduce(0, +) > 100)
        #expect(attempts.allSatisfy { $0 >= 1 })
        let doctor = try SwgateProcess.run(["doctor", "--outbox", outbox])
        #expect(doctor.status == 0, "\(doctor.stdout)\(doctor.stderr)")
    }

    /// The simulator prints its base URL as its first line.
    static func firstLine(of handle: FileHandle) -> String? {
        var bytes: [UInt8] = []
        while let byte = try? handle.read(upToCount: 1), let first = byte.first {
            if first == UInt8(ascii: "\n") { break }
            bytes.append(first)
        }
        return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
    }
}
