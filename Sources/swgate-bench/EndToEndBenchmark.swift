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
    @Option(help: "With --outbox: the numbers of workers to measure, comma-separated (each its own connection, dispatcher and rate limit, as separate hosts).")
    var workers = "1,2,4"
    @Flag(help: "One JSON object per line.") var json = false

    func run() async throws {
        if let outbox {
            guard SQLOutbox.isPostgres(outbox) else { throw ValidationError("--outbox takes a postgres:// URL (the embedded outbox is the default)") }
            let counts = workers.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !counts.isEmpty, counts.allSatisfy({ (1...32).contains($0) }) else { throw ValidationError("--workers: a list such as 1,2,4 (each 1–32)") }
            try await SharedOutboxEndToEnd(url: outbox, parcels: parcels ?? 500, concurrency: concurrency ?? 4, latency: latency).run(workers: counts, json: json)
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
        let started = Date()
        let report = try Submission(profile: profile, validator: validator, store: store).run(batch)
        guard !report.failed else { throw ValidationError("the generated batch failed: \(report.issues.prefix(3))") }
        let submitted = Date().timeIntervalSince(started)
        let settings = BenchSupport.dispatchSettings(simulator, profile: profile, concurrency: concurrency)
        let dispatcher = try Dispatcher(store: store, settings: settings, signer: try SignerFactory.signer(for: profile))
        let poller = try ReceiptPoller(url: settings.receiptsURL ?? "", intake: ReceiptIntake(store: store, archive: false), http: settings.http)
        // As `swgate run` does: receipts are polled on a thread of their own while this one sends.
        let polling = ReceiptPollingThread(poller: poller, idle: 0.005)
        polling.start()
        defer { polling.stop() }
        // Further dispatch loops, as further workers on the same outbox would run: while one
        // waits for its round's replies, another claims and sends.
        let stop = StopFlag()
        let helpers = DispatchGroup()
        for index in 1..<max(1, dispatchers) {
            var helperSettings = settings
            helperSettings.worker = "bench-\(index)"
            let helper = try Dispatcher(store: store, settings: helperSettings, signer: try SignerFactory.signer(for: profile), governor: dispatcher.governor, metrics: dispatcher.metrics)
            helpers.enter()
            Thread.detachNewThread {
                while !stop.isSet {
                    if ((try? helper.sendDue()) ?? 0) == 0 { Thread.sleep(forTimeInterval: 0.005) }
                }
                helpers.leave()
            }
        }
        defer {
            stop.set()
            helpers.wait()
        }
        var sendSeconds = 0.0
        var lastCheck = Date.distantPast
        while true {
            if Date().timeIntervalSince(started) > 900 { throw ValidationError("not settled after 15 minutes") }
            let sendStart = Date()
            let sent = try dispatcher.sendDue()
            sendSeconds += Date().timeIntervalSince(sendStart)
            // Counting what is unsettled reads every document: a few times a second is enough.
            if Date().timeIntervalSince(lastCheck) > 0.2 {
                if try store.unsettledDocuments() == 0 { break }
                lastCheck = Date()
            }
            if sent == 0 { try await Task.sleep(for: .milliseconds(5)) }
        }
        let seconds = Date().timeIntervalSince(started)
        let documents = parcels * 4
        var result = BenchmarkResult(benchmark: "end-to-end", unit: "documents/s", rate: Double(documents) / seconds, seconds: seconds)
        result.extra = [("parcels", String(parcels)), ("documents", String(documents)), ("submitSeconds", BenchmarkResult.number(submitted)), ("concurrency", String(concurrency)), ("dispatchers", String(dispatchers)), ("sendSeconds", BenchmarkResult.number(sendSeconds)), ("receiptsTaken", String(polling.received))]
        result.print(json: json)
    }
}

/// Tells helper threads to stop.
final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
