import Foundation
import Outbox
import Simulator
import SwgateTestSupport
import Testing

/// Three real `swgate run` workers on one PostgreSQL outbox, one of them killed with SIGKILL
/// while it holds claims: the others take its messages over when the leases run out, no
/// document is ever in flight on two workers at once, and every document settles right.
@Suite("Crash safety of workers sharing a PostgreSQL outbox", .serialized, .enabled(if: PostgresTestServer.isAvailable, "needs Scripts/with-postgres.sh (make test)"))
struct SharedWorkerCrashTests {
    @Test("three workers, one SIGKILLed mid-run: its claims are taken over, nothing sent twice at once, every document final")
    func killOneOfThree() async throws {
        let url = try PostgresTestServer.freshDatabase("crash")
        var configuration = SimulatorConfiguration()
        configuration.latency = 0.1
        configuration.stageDelay = 0.05
        let simulator = try await SimulatorServer.start(configuration)
        defer { simulator.stop() }
        let profile = Fixtures.checkout.appendingPathComponent("examples/swgate.json").path
        let batch = Fixtures.checkout.appendingPathComponent("examples/bonded-batch.json").path
        let submitted = try SwgateProcess.run(["submit", batch, "--config", profile, "--outbox", url])
        #expect(submitted.status == 0, "\(submitted.stderr)")

        var workers: [Process] = []
        for _ in 0..<3 {
            let process = Process()
            process.executableURL = SwgateProcess.executable
            process.arguments = [
                "run", "--endpoint", simulator.baseURL.absoluteString, "--config", profile, "--outbox", url, "--until-settled", "--max-wait", "60",
                "--lease", "3", "--concurrency", "2", "--backoff", "0.05", "--backoff-cap", "0.2",
            ]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            workers.append(process)
        }
        defer { for worker in workers where worker.isRunning { kill(worker.processIdentifier, SIGKILL) } }

        // Kill a worker that holds claims right now (lease owners are host:pid).
        var victim: Process?
        let deadline = Date().addingTimeInterval(20)
        while victim == nil, Date() < deadline {
            let owners = try PostgresTestServer.psql(url, "SELECT DISTINCT lease_owner FROM messages WHERE state = 'sending'").compactMap(\.first)
            victim = workers.first { worker in worker.isRunning && owners.contains { $0.hasSuffix(":\(worker.processIdentifier)") } }
            if victim == nil { try await Task.sleep(for: .milliseconds(20)) }
        }
        let killed = try #require(victim, "no worker was seen holding claims")
        kill(killed.processIdentifier, SIGKILL)
        for worker in workers { worker.waitUntilExit() }
        #expect(killed.terminationReason == .uncaughtSignal)
        for worker in workers where worker !== killed {
            #expect(worker.terminationStatus == 0, "a surviving worker did not settle everything")
        }

        let store = try SQLOutbox(postgres: url)
        let status = try store.status(now: Date())
        #expect(status.documentsByStatus["800"] == 24)
        #expect(status.documentsByStatus["120"] == 72)
        #expect(status.messagesByState == ["acknowledged": 96])
        #expect(try store.check().isEmpty)
        let takenOver = try PostgresTestServer.psql(url, "SELECT COUNT(*) FROM attempts WHERE outcome = 'lease-expired'").first?.first.flatMap { Int($0) } ?? 0
        #expect(takenOver > 0, "the killed worker's claims came back through their leases")
        let senders = try PostgresTestServer.psql(url, "SELECT COUNT(DISTINCT worker) FROM attempts WHERE worker IS NOT NULL").first?.first.flatMap { Int($0) } ?? 0
        #expect(senders >= 2, "more than one worker sent")
        let overlaps = await simulator.customs.concurrentTransmissions
        #expect(overlaps.isEmpty, "documents in flight on two workers at once: \(overlaps.prefix(5))")
    }
}
