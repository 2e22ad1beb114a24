import Adapters
import ArgumentParser
import Foundation
import Gateway
import Outbox
import SchemaValidation
import Signing
import Simulator
import SyntheticData

/// `swgate-bench end-to-end --outbox postgres://… --workers 1,2,4`: the same generated parcels
/// through N workers sharing one PostgreSQL outbox, for each N in turn. Each worker has its own
/// connection, dispatcher and rate limit — what a worker on a host of its own has; one receipt
/// poller (its own connection too) takes customs' answers in for all of them.
///
/// The rate is documents/s from the first send to the last final status: the submission (one
/// transaction, the same for every N) is reported apart, so that it does not blur the scaling.
struct SharedOutboxEndToEnd {
    var url: String
    var parcels: Int
    var concurrency: Int
    var latency: Double

    func run(workers counts: [Int], json: Bool) async throws {
        let folder = try BenchSupport.scratch("e2e-shared")
        defer { try? FileManager.default.removeItem(at: folder) }
        let profile = try BenchSupport.profile()
        let validator = try SchemaValidator()
        let batch = try BenchSupport.batch(parcels: parcels, seed: 11, in: folder, mode: .mixed)
        var rates: [Int: Double] = [:]
        for count in counts {
            let rate = try await measure(workers: count, batch: batch, profile: profile, validator: validator, json: json)
            rates[count] = rate
        }
        if let base = rates[1], base > 0, !json {
            let scaling = counts.filter { $0 > 1 }.compactMap { count in
                rates[count].map { "\(count) workers \(BenchmarkResult.number($0 / base))×" }
            }
            if !scaling.isEmpty { print("scaling        " + scaling.joined(separator: ", ") + " (against 1 worker)\n") }
        }
    }

    private func measure(workers: Int, batch: URL, profile: EnterpriseProfile, validator: SchemaValidator, json: Bool) async throws
        -> Double
    {
        let schema = "swgate_bench_\(ProcessInfo.processInfo.processIdentifier)_\(workers)"
        let outbox = try SQLOutbox.scratchSchema(in: url, name: schema)
        defer { try? SQLOutbox.dropScratchSchema(in: url, name: schema) }
        let simulator = try await BenchSupport.endToEndSimulator(latency: latency, validator: validator)
        defer { simulator.stop() }

        let submitStore = try SQLOutbox(postgres: outbox)
        let submitStarted = Date()
        let report = try Submission(profile: profile, validator: validator, store: submitStore).run(batch)
        guard !report.failed else { throw ValidationError("the generated batch failed: \(report.issues.prefix(3))") }
        let submitSeconds = Date().timeIntervalSince(submitStarted)
        // Each N starts from the same point: the writes of the submission, and of the runs before
        // it, on disk (a checkpoint falling inside one run and not another made the scaling swing).
        try? SQLOutbox.checkpoint(in: url)

        let settings = BenchSupport.dispatchSettings(simulator, profile: profile, concurrency: concurrency)
        let receiverStore = try SQLOutbox(postgres: outbox)
        let poller = try ReceiptPoller(
            url: settings.receiptsURL ?? "", intake: ReceiptIntake(store: receiverStore, archive: false), http: settings.http)
        let polling = ReceiptPollingThread(poller: poller, idle: 0.005)

        let started = Date()
        polling.start()
        defer { polling.stop() }
        let stop = LockedFlag()
        let running = DispatchGroup()
        let failure = FirstError()
        var dispatchers: [Dispatcher] = []
        for index in 0..<workers {
            var own = settings
            own.worker = "bench-worker-\(index)"
            let dispatcher = try Dispatcher(
                store: try SQLOutbox(postgres: outbox), settings: own, signer: try SignerFactory.signer(for: profile))
            dispatchers.append(dispatcher)
            running.enter()
            Thread.detachNewThread {
                var lastRecovery = Date.distantPast
                while !stop.isSet {
                    do {
                        if Date().timeIntervalSince(lastRecovery) > 1 {
                            _ = try dispatcher.store.recoverExpiredLeases(now: Date())
                            lastRecovery = Date()
                        }
                        if try dispatcher.sendDue() == 0 { Thread.sleep(forTimeInterval: 0.005) }
                    } catch {
                        failure.record(error)
                        break
                    }
                }
                running.leave()
            }
        }
        defer {
            stop.set()
            running.wait()
        }
        while true {
            if let error = failure.error { throw error }
            if Date().timeIntervalSince(started) > 900 { throw ValidationError("not settled after 15 minutes") }
            if try submitStore.unsettledDocuments() == 0 { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        let seconds = Date().timeIntervalSince(started)
        let documents = parcels * 4
        let overlaps = await simulator.customs.concurrentTransmissions.count
        // The mean send, endpoint latency included: with it, documents/s over (workers ×
        // concurrency / mean send) says how busy the workers' sending slots were.
        let sends = dispatchers.map { $0.metrics.snapshot() }
        let meanSend = sends.map(\.sum).reduce(0, +) / Double(max(1, sends.map(\.count).reduce(0, +)))
        let busy = Double(documents) / seconds / (Double(workers * concurrency) / max(meanSend, 0.000_001))
        var result = BenchmarkResult(
            benchmark: "end-to-end-shared", unit: "documents/s", rate: Double(documents) / seconds, seconds: seconds)
        result.extra = [
            ("workers", String(workers)), ("parcels", String(parcels)), ("documents", String(documents)),
            ("latencyMs", BenchmarkResult.number(latency)),
            ("concurrency", String(concurrency)), ("submitSeconds", BenchmarkResult.number(submitSeconds)),
            ("receiptsTaken", String(polling.received)),
            ("concurrentTransmissions", String(overlaps)), ("meanSendMs", BenchmarkResult.number(meanSend * 1000)),
            ("slotsBusy", BenchmarkResult.number(busy)),
        ]
        result.print(json: json)
        return result.rate
    }
}

/// The first error any worker thread hit.
final class FirstError: @unchecked Sendable {  // `stored` is read and written under `lock`
    private let lock = NSLock()
    private var stored: (any Error)?
    var error: (any Error)? { lock.withLock { stored } }
    func record(_ error: any Error) { lock.withLock { if stored == nil { stored = error } } }
}
