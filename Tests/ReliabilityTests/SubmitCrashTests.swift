import CEBMessages
import Foundation
import Outbox
import SwgateTestSupport
import SyntheticData
import Testing

/// Real `swgate submit` processes, killed with SIGKILL at random moments: a batch is either
/// wholly in the outbox or not at all, and the store stays sound.
@Suite("Crash safety of submit", .serialized)
struct SubmitCrashTests {
    static let parcelsPerBatch = 25

    @Test("50 rounds of SIGKILL during submit: no partial batch, no corruption, nothing lost once resubmitted")
    func killDuringSubmit() throws {
        let folder = try Fixtures.temporaryDirectory("swgate-crash")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let outbox = folder.appendingPathComponent("outbox")
        let profile = Fixtures.checkout.appendingPathComponent("examples/swgate.json").path
        var random = SeededRandom(seed: 2026_11_25)
        let rounds = 50
        var batches: [URL] = []
        for round in 0..<rounds {
            let url = folder.appendingPathComponent("batch-\(round).jsonl")
            var generator = BatchGenerator(seed: UInt64(round + 1), mode: .bonded)
            try generator.write(parcels: Self.parcelsPerBatch, jsonLines: true, to: url, firstIndex: round * Self.parcelsPerBatch)
            batches.append(url)
        }
        var killed = 0
        for (round, batch) in batches.enumerated() {
            let process = Process()
            process.executableURL = SwgateProcess.executable
            process.arguments = ["submit", batch.path, "--config", profile, "--outbox", outbox.path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32(random.int(0...400)) * 1000)
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                killed += 1
            }
            process.waitUntilExit()
            try Self.checkInvariants(outbox: outbox, batches: Array(batches[0...round]), round: round)
        }
        #expect(killed > 0, "no process was killed mid-run; the timing window is wrong")
        // Resubmitting every batch completes the outbox: nothing acknowledged was lost, nothing doubled.
        for batch in batches {
            let result = try SwgateProcess.run(["submit", batch.path, "--config", profile, "--outbox", outbox.path])
            #expect(result.status == 0, "\(result.stderr)")
        }
        let store = try SQLOutbox(directory: outbox)
        #expect(try store.status(now: Date()).documentsTotal == rounds * Self.parcelsPerBatch * 4)
        #expect(try store.check().isEmpty)
        let doctor = try SwgateProcess.run(["doctor", "--outbox", outbox.path])
        #expect(doctor.status == 0, "\(doctor.stdout)")
        // What an operator would run: every acknowledged document is there exactly once.
        let status = try SwgateProcess.run(["status", "--outbox", outbox.path, "--json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        #expect((json["documentCounts"] as? [String: Any])?["total"] as? Int == rounds * Self.parcelsPerBatch * 4)
        #expect(((json["messageCounts"] as? [String: Any])?["total"] as? Int) == rounds * Self.parcelsPerBatch * 4)
    }

    /// Every batch is all there or not there at all; the store passes its integrity check.
    static func checkInvariants(outbox: URL, batches: [URL], round: Int) throws {
        guard FileManager.default.fileExists(atPath: outbox.appendingPathComponent("outbox.sqlite").path) else { return }
        let store = try SQLOutbox(directory: outbox)
        let problems = try store.check()
        #expect(problems.isEmpty, "round \(round): \(problems)")
        var present = 0
        for (index, _) in batches.enumerated() {
            let first = index * parcelsPerBatch
            let orders = (first..<(first + parcelsPerBatch)).map { "HT\(dateStamp())\(String(format: "%08d", $0))" }
            let found = try orders.map { try store.documents(DocumentFilter(orderNo: $0, limit: 10)).count }
            let total = found.reduce(0, +)
            #expect(
                total == 0 || total == parcelsPerBatch * 4, "round \(round): batch \(index) is partly in the outbox (\(total) documents)")
            if total > 0 { present += 1 }
        }
        let status = try store.status(now: Date())
        #expect(status.documentsTotal == present * parcelsPerBatch * 4, "round \(round): counts disagree")
    }

    static func dateStamp() -> String {
        // The generator's default start date is 2026-11-25 in China time; orders of these small batches stay on that day.
        "20261125"
    }
}
