import Foundation
import Outbox
import Simulator
import SwgateTestSupport
import Testing
import ThreadSupport

/// Three real `swgate run` workers on one PostgreSQL outbox, one of them killed with SIGKILL
/// while it holds claims: the others take its messages over when the leases run out, no
/// document is ever in flight on two workers at once, and every document settles right.
@Suite(
    "Crash safety of workers sharing a PostgreSQL outbox", .serialized,
    .enabled(if: PostgresTestServer.isAvailable, "needs Scripts/with-postgres.sh (make test)"))
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

        // Each worker's standard error goes to a file, shown when that worker fails.
        let logs = try Fixtures.temporaryDirectory("swgate-shared-crash")
        defer { Fixtures.removeTemporaryDirectory(logs) }
        var workers: [Process] = []
        var errorLogs: [URL] = []
        for index in 0..<3 {
            let process = Process()
            process.executableURL = SwgateProcess.executable
            process.arguments = [
                "run", "--endpoint", simulator.baseURL.absoluteString, "--config", profile, "--outbox", url, "--until-settled",
                "--max-wait", "60",
                "--lease", "3", "--concurrency", "2", "--backoff", "0.05", "--backoff-cap", "0.2",
            ]
            process.standardOutput = FileHandle.nullDevice
            let errorLog = logs.appendingPathComponent("worker-\(index).stderr")
            _ = FileManager.default.createFile(atPath: errorLog.path, contents: nil)
            process.standardError = try FileHandle(forWritingTo: errorLog)
            try process.run()
            workers.append(process)
            errorLogs.append(errorLog)
        }
        defer { for worker in workers where worker.isRunning { kill(worker.processIdentifier, SIGKILL) } }

        // Kill a worker that holds a claim it has not sent: only its lease can bring that back.
        // (A victim whose claims were all on the wire — or sent and not yet recorded — could have
        // them all settled by their receipts before the leases ran out, and nothing would be
        // taken over.) A candidate holding more claims than sends under way (lease owners are
        // host:pid; --concurrency 2) is stopped (SIGSTOP): it can send nothing more, and what it
        // had put on the wire reaches customs within the simulator's latency. Its claims whose
        // documents customs has still not received are then certainly unsent.
        func unsentClaims(of worker: Process) async throws -> Int {
            let claimed = try PostgresTestServer.psql(
                url,
                """
                SELECT d.guid FROM messages m JOIN documents d ON d.message_id = m.id
                WHERE m.state = 'sending' AND m.lease_owner LIKE '%:\(worker.processIdentifier)'
                """
            )
            .compactMap(\.first)
            let received = await simulator.customs.receivedDocuments
            return claimed.filter { !received.contains($0) }.count
        }
        var victim: Process?
        let deadline = Date().addingTimeInterval(20)
        while victim == nil, Date() < deadline {
            let owners = try PostgresTestServer.psql(
                url, "SELECT lease_owner FROM messages WHERE state = 'sending' GROUP BY lease_owner HAVING COUNT(*) > 2"
            )
            .compactMap(\.first)
            if let candidate = workers.first(where: { worker in
                worker.isRunning && owners.contains { $0.hasSuffix(":\(worker.processIdentifier)") }
            }) {
                kill(candidate.processIdentifier, SIGSTOP)
                try await Task.sleep(for: .milliseconds(500))
                if try await unsentClaims(of: candidate) > 0 {
                    victim = candidate
                } else {
                    kill(candidate.processIdentifier, SIGCONT)
                }
            }
            if victim == nil { try await Task.sleep(for: .milliseconds(5)) }
        }
        let killed = try #require(victim, "no worker was seen holding more claims than sends")
        kill(killed.processIdentifier, SIGKILL)
        // The survivors talk to the simulator in this process: waited for off the pool it answers on.
        try await BlockingWork.run { [workers] in for worker in workers { worker.waitUntilExit() } }
        #expect(killed.terminationReason == .uncaughtSignal)
        for (worker, errorLog) in zip(workers, errorLogs) where worker !== killed {
            let stderr = String(decoding: (try? Data(contentsOf: errorLog)) ?? Data(), as: UTF8.self)
            #expect(
                worker.terminationReason == .exit && worker.terminationStatus == 0,
                "a surviving worker did not settle everything (\(worker.terminationReason == .exit ? "exit" : "signal") \(worker.terminationStatus)): \(stderr.suffix(2_000))"
            )
        }

        let store = try SQLOutbox(postgres: url)
        let status = try store.status(now: Date())
        #expect(status.documentsByStatus["800"] == 24)
        #expect(status.documentsByStatus["120"] == 72)
        #expect(status.messagesByState == ["acknowledged": 96])
        #expect(try store.check().isEmpty)
        let takenOver =
            try PostgresTestServer.psql(url, "SELECT COUNT(*) FROM attempts WHERE outcome = 'lease-expired'").first?.first.flatMap {
                Int($0)
            } ?? 0
        #expect(takenOver > 0, "the killed worker's claims came back through their leases")
        let senders =
            try PostgresTestServer.psql(url, "SELECT COUNT(DISTINCT worker) FROM attempts WHERE worker IS NOT NULL").first?.first.flatMap {
                Int($0)
            } ?? 0
        #expect(senders >= 2, "more than one worker sent")
        let overlaps = await simulator.customs.concurrentTransmissions
        #expect(overlaps.isEmpty, "documents in flight on two workers at once: \(overlaps.prefix(5))")
    }
}
