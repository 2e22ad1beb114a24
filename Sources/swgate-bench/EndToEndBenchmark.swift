import Adapters
import ArgumentParser
import Foundation
import Gateway
import Outbox
import SchemaValidation
import Signing
import Simulator
import SyntheticData

/// `swgate-bench end-to-end`: N parcels submitted, sent to the in-process simulator, receipted to
/// their final status. Reports seconds and documents/s.
struct EndToEndBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "end-to-end", abstract: "Submit, send and reconcile N generated parcels.")

    @Option(help: "Parcels (four documents each; default 10,000, or 500 a run with --outbox).") var parcels: Int?
    @Option(help: "Concurrent sends per worker (default 8, or 4 with --outbox).") var concurrency: Int?
    @Option(help: "Simulator latency, milliseconds.") var latency = 0.0
    @Option(help: "Dispatch loops sharing the outbox (as several workers would).") var dispatchers = 2
    @Option(help: "A postgres:// URL: run on a shared outbox there (in a scratch schema, dropped afterwards) with --workers.")
    var outbox: String?
    @Option(
        help:
            "With --outbox: the numbers of workers to measure, comma-separated (each its own connection, dispatcher and rate limit, as separate hosts)."
    )
    var workers = "1,2,4"
    @Flag(help: "One JSON object per line.") var json = false

    func run() async throws {
        if let outbox {
            guard SQLOutbox.isPostgres(outbox) else {
                throw ValidationError("--outbox takes a postgres:// URL (the embedded outbox is the default)")
            }
            let counts = workers.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !counts.isEmpty, counts.allSatisfy({ (1...32).contains($0) }) else {
                throw ValidationError("--workers: a list such as 1,2,4 (each 1–32)")
            }
            try await SharedOutboxEndToEnd(url: outbox, parcels: parcels ?? 500, concurrency: concurrency ?? 4, latency: latency).run(
                workers: counts, json: json)
            return
        }
        let parcels = parcels ?? 10_000
        let concurrency = concurrency ?? 8
        let folder = try BenchSupport.scratch("e2e")
        defer { try? FileManager.default.removeItem(at: folder) }
        let profile = try BenchSupport.profile()
        let validator = try SchemaValidator()
        let batch = try BenchSupport.batch(parcels: parcels, seed: 11, in: folder, mode: .mixed)
        let simulator = try await BenchSupport.endToEndSimulator(latency: latency, validator: validator)
        defer { simulator.stop() }
        let store = try SQLOutbox(directory: folder.appendingPathComponent("outbox"))
        let cpuBefore = ResourceUsage.processCPUSeconds()
        let started = Date()
        let report = try Submission(profile: profile, validator: validator, store: store).run(batch)
        guard !report.failed else { throw ValidationError("the generated batch failed: \(report.issues.prefix(3))") }
        let submitted = Date().timeIntervalSince(started)
        // From here on, the threads swgate names (`swgate-…`, and this process's main thread,
        // `swgate-bench`) are the gateway's; every other thread — the HTTP server's event loops,
        // the pool its handlers and customs' actor run on — is the simulator's.
        let threadsSubmitted = ResourceUsage.threadsCPU()
        let settings = BenchSupport.dispatchSettings(simulator, profile: profile, concurrency: concurrency)
        // The worker `swgate run` runs: receipts polled on a thread of their own, further dispatch
        // loops on threads of their own (while one waits for its round's replies, another sends).
        let worker = try Worker(
            store: store, settings: settings, signer: try SignerFactory.signer(for: profile), pollInBackground: true,
            dispatchers: dispatchers, idle: 0.005,
            archiveReceipts: false
        )
        defer { worker.stop() }
        // Settled is asked after every round, as `swgate run --until-settled` asks it: while
        // anything waits, the waiting documents' index answers at its first entry.
        let limits = RunLimits(untilSettled: true, maxWait: 900, idle: 0.005)
        guard case .settled = try await worker.runOnOwnThread(limits, stop: LockedFlag()) else {
            throw ValidationError("not settled after 15 minutes")
        }
        let seconds = Date().timeIntervalSince(started)
        let documents = parcels * 4
        // Customs' share: what the threads outside the gateway's spent after submit (the gateway
        // sends with libcurl and polls on threads of its own, all named; some have ended by now).
        let simulatorCPU = ResourceUsage.cpuSeconds(since: threadsSubmitted, outside: "swgate")
        let processCPU = ResourceUsage.processCPUSeconds() - cpuBefore
        var result = BenchmarkResult(benchmark: "end-to-end", unit: "documents/s", rate: Double(documents) / seconds, seconds: seconds)
        result.extra = [
            ("parcels", String(parcels)), ("documents", String(documents)), ("submitSeconds", BenchmarkResult.number(submitted)),
            ("concurrency", String(concurrency)), ("dispatchers", String(dispatchers)),
            ("sendSeconds", BenchmarkResult.number(worker.sendSeconds)), ("receiptsTaken", String(worker.receiptsTaken)),
            ("cpuSeconds", BenchmarkResult.number(processCPU)), ("simulatorCPUSeconds", BenchmarkResult.number(simulatorCPU)),
            ("swgateCPUMillisecondsPerDocument", BenchmarkResult.number((processCPU - simulatorCPU) * 1000 / Double(documents))),
            ("simulatorCPUMillisecondsPerDocument", BenchmarkResult.number(simulatorCPU * 1000 / Double(documents))),
        ]
        result.print(json: json)
    }
}
