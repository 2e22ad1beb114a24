import Adapters
import CEBMessages
import Foundation
import Gateway
import Outbox
import SchemaValidation
import Simulator
import SwgateTestSupport
import SyntheticData
import Testing

/// Real `swgate run` workers, killed with SIGKILL mid-send: nothing is lost, leases bring claimed
/// messages back, and no document ever reaches two different final statuses.
@Suite("Crash safety of the worker", .serialized)
struct WorkerCrashTests {
    @Test("SIGKILLed workers: every document still settles, once")
    func killWorkers() async throws {
        let folder = try Fixtures.temporaryDirectory("swgate-worker-crash")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        var configuration = SimulatorConfiguration()
        configuration.latency = 0.05
        configuration.stageDelay = 0.05
        let simulator = try await SimulatorServer.start(configuration)
        defer { simulator.stop() }
        let outbox = folder.appendingPathComponent("outbox").path
        let profile = Fixtures.checkout.appendingPathComponent("examples/swgate.json").path
        let batch = Fixtures.checkout.appendingPathComponent("examples/bonded-batch.json").path
        #expect(try SwgateProcess.run(["submit", batch, "--config", profile, "--outbox", outbox]).status == 0)
        var random = SeededRandom(seed: 99)
        var killed = 0
        for _ in 0..<12 {
            let process = Process()
            process.executableURL = SwgateProcess.executable
            process.arguments = [
                "run", "--endpoint", simulator.baseURL.absoluteString, "--config", profile, "--outbox", outbox,
                "--until-settled", "--max-wait", "20", "--lease", "0.5", "--backoff", "0.05", "--backoff-cap", "0.2",
            ]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            try await Task.sleep(for: .milliseconds(random.int(30...250)))
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                killed += 1
            }
            process.waitUntilExit()
            let store = try SQLOutbox(directory: URL(fileURLWithPath: outbox))
            #expect(try store.check().isEmpty)
        }
        #expect(killed > 3)
        try await Task.sleep(for: .milliseconds(600))
        let final = try await SwgateProcess.runAgainstListener([
            "run", "--endpoint", simulator.baseURL.absoluteString, "--config", profile, "--outbox", outbox, "--until-settled", "--max-wait",
            "60", "--lease", "0.5",
        ])
        #expect(final.status == 0, "\(final.stderr)")
        let store = try SQLOutbox(directory: URL(fileURLWithPath: outbox))
        let status = try store.status(now: Date())
        #expect(status.documentsByStatus["800"] == 24)
        #expect(status.documentsByStatus["120"] == 72)
        #expect(status.messagesByState["dead"] == nil)
        for document in try store.documents(DocumentFilter(limit: 1000)) {
            let finals = Set(
                try store.details(String(document.id)).first?.audit.filter { $0.entity == "document" }.map(\.to).filter {
                    ["100", "120", "399", "700", "800", "899"].contains($0) && document.messageType != .ceb621
                        || ["100", "700", "800", "899"].contains($0)
                } ?? [])
            #expect(finals.count <= 1, "document \(document.id) reached \(finals)")
        }
    }
}
