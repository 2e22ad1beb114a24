import Adapters
import ArgumentParser
import CEBMessages
import Foundation
import Gateway
import Outbox
import SchemaValidation
import Simulator
import HTTPClient
import ThreadSupport
import Transport

/// `swgate-bench send`: messages/s from the outbox to the simulator over loopback at concurrency
/// 1, 4 and 16, next to the simulator's own ceiling (plain HTTP POSTs of the same envelopes).
struct SendBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send", abstract: "Outbox → simulator send rate, and the simulator's plain-HTTP ceiling.")

    @Option(help: "Parcels to generate (their orders, payments and waybills are sent).") var parcels = 1000
    @Option(help: "http (to the simulator) or folder (into a send folder, as for the E-Port client).") var transport = "http"
    @Flag(help: "One JSON object per line.") var json = false

    func validate() throws {
        if !["http", "folder"].contains(transport) { throw ValidationError("--transport must be http or folder") }
    }

    func run() async throws {
        if transport == "folder" {
            try FolderSendBenchmark(parcels: parcels, json: json).run()
            return
        }
        let folder = try BenchSupport.scratch("send")
        defer { try? FileManager.default.removeItem(at: folder) }
        let profile = try BenchSupport.profile(signing: false)
        let validator = try SchemaValidator()
        var configuration = SimulatorConfiguration()
        configuration.stageDelay = 3600
        let simulator = try await SimulatorServer.start(configuration, validator: validator)
        defer { simulator.stop() }

        var results: [(Int, Double)] = []
        var index = 0
        for concurrency in [1, 4, 16] {
            let store = try SQLOutbox(directory: folder.appendingPathComponent("outbox-\(concurrency)"))
            let batch = try BenchSupport.batch(parcels: parcels, seed: UInt64(concurrency), in: folder, firstIndex: index)
            index += parcels
            _ = try Submission(profile: profile, validator: validator, store: store).run(batch)
            var settings = DispatchSettings(endpoint: simulator.baseURL.absoluteString)
            settings.concurrency = concurrency
            settings.senderID = profile.dxpId
            let dispatcher = try Dispatcher(store: store, settings: settings, signer: nil)
            // On a thread of its own: sending blocks on libcurl while the simulator in this process
            // answers on the concurrency pool.
            let (sent, seconds) = try await BlockingWork.run("bench-send") { try BenchSupport.sendEverything(dispatcher) }
            results.append((concurrency, Double(sent) / seconds))
        }
        let ceiling = try await Self.ceiling(
            simulator.baseURL.absoluteString + "/dxp", profile: profile, validator: validator, folder: folder)
        let best = results.map(\.1).max() ?? 0
        var result = BenchmarkResult(
            benchmark: "send", unit: "messages/s", rate: best, baseline: "plain-http-ceiling", baselineRate: ceiling, seconds: 0)
        result.extra = results.map { ("concurrency\($0.0)", BenchmarkResult.number($0.1)) }
        result.print(json: json)
    }

    /// Plain POSTs of ready-made envelopes with 16 libcurl clients, each on a thread of its own as
    /// the dispatcher's sends are (blocking posts on Dispatch's pool would hold up the simulator's
    /// handlers, which run there): what the simulator can take.
    static func ceiling(_ url: String, profile: EnterpriseProfile, validator: SchemaValidator, folder: URL) async throws -> Double {
        let batch = try BenchSupport.batch(parcels: 500, seed: 99, in: folder, firstIndex: 900_000)
        var bodies: [Data] = []
        let log = IssueLog(file: "ceiling")
        try ConversionPipeline(profile: profile, validator: validator).run(batch, log: log) { output in
            guard output.packed.messageType != .ceb621 else { return }
            bodies.append(
                DXPProfile().request(
                    for: output.xml, type: output.packed.messageType, transmissionID: CEBGuid.make(), senderID: profile.dxpId,
                    receiverID: profile.receiverId, now: Date()
                ).body)
        }
        let pool = try CurlClientPool(size: 16, configuration: HTTPConfiguration())
        let ready = bodies
        let total = ready.count
        // Timed on a thread of its own too, whose wait does not hold one of the pool's threads.
        let seconds = try await BlockingWork.run("bench-ceiling") {
            Stopwatch.time {
                let finished = DispatchGroup()
                for worker in 0..<16 {
                    finished.enter()
                    NamedThread.start("bench-post-\(worker)") {
                        var position = worker
                        while position < total {
                            _ = try? pool.with { client throws(TransportError) in
                                try client.post(url, body: ready[position], contentType: "application/xml")
                            }
                            position += 16
                        }
                        finished.leave()
                    }
                }
                finished.wait()
            }
        }
        return Double(total) / seconds
    }
}
