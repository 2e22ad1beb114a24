import ArgumentParser
import CEBMessages
import Foundation
import Gateway
import Outbox
import SchemaValidation

/// `swgate-bench claims`: claiming while many inventories wait for customs — a day's batch sent,
/// its orders, payments and waybills not yet accepted. The first claim after a worker starts
/// tests every waiting inventory (as every claim once did); later claims walk only the unparked
/// queue; an acceptance wakes its inventory for the next claim.
struct ClaimsBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "claims", abstract: "Claims with thousands of inventories waiting for their orders' acceptance: claims/s.")

    @Option(help: "Parcels submitted (their inventories all wait).") var parcels = 20_000
    @Option(help: "Empty claims timed once the inventories are parked.") var claims = 200
    @Option(help: "Parcels whose order, payment and waybill are then accepted.") var accepted = 100
    @Flag(help: "One JSON object per line.") var json = false

    func run() throws {
        let folder = try BenchSupport.scratch("claims")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLOutbox(directory: folder.appendingPathComponent("outbox"))
        _ = try Submission(profile: try BenchSupport.profile(signing: false), validator: try SchemaValidator(), store: store).run(
            try BenchSupport.batch(parcels: parcels, seed: 11, in: folder))
        let gate = DispatchGate(acceptanceRank: CustomsStatus.rank("120"))
        let now = Date()
        func claim(_ limit: Int) throws -> [ClaimedMessage] {
            try store.claim(limit: limit, worker: "bench", lease: 600, gate: gate, now: now)
        }
        // Every order, payment and waybill goes out; customs has answered none of them yet.
        var sent: [CEBMessageType: [String]] = [:]
        while true {
            let round = try claim(500)
            if round.isEmpty { break }
            let completions = round.map { message in
                sent[message.type, default: []].append(message.guid)
                return SQLOutbox.Completion(
                    message: message,
                    attempt: AttemptReport(
                        startedAt: now, finishedAt: now, endpoint: "bench", transmissionID: nil, httpStatus: 200, outcome: .accepted,
                        error: nil, sentSHA256: nil, appTime: nil),
                    event: .delivered, nextAttemptAt: nil)
            }
            _ = try store.finish(completions, now: now)
        }
        // As a worker starts: every waiting inventory tested once more, and parked.
        try store.wakeParkedInventories()
        let first = try Stopwatch.time { _ = try claim(64) }
        let parked = try Stopwatch.time { for _ in 0..<claims { _ = try claim(64) } }
        // The first `accepted` parcels' documents accepted: the claim after that takes their inventories.
        var receipts: [IncomingReceipt] = []
        for type in [CEBMessageType.ceb311, .ceb411, .ceb511] {
            for guid in (sent[type] ?? []).prefix(accepted) {
                receipts.append(
                    IncomingReceipt(
                        contentHash: "bench-\(guid)", receiptType: type.receiptType ?? type, status: "120", info: "", guid: guid,
                        lookupKeys: [], preNo: nil, invtNo: nil, source: "bench", rawSHA256: "bench", fieldsJSON: "{}"))
            }
        }
        _ = try store.apply(receipts, acceptanceRank: gate.acceptanceRank, now: now)
        var released = 0
        let woken = try Stopwatch.time { released = try claim(max(64, accepted)).count }
        var result = BenchmarkResult(
            benchmark: "claims", unit: "claims/s", rate: Double(claims) / parked, seconds: parked)
        result.extra = [
            ("waitingInventories", String(parcels)), ("firstClaimMilliseconds", BenchmarkResult.number(first * 1000)),
            ("claimMilliseconds", BenchmarkResult.number(parked * 1000 / Double(claims))),
            ("inventoriesReleased", String(released)), ("releasingClaimMilliseconds", BenchmarkResult.number(woken * 1000)),
        ]
        result.print(json: json)
    }
}
