import Adapters
import Foundation
import Gateway
import SchemaValidation
import Simulator
import SyntheticData

/// Shared set-up for the benchmarks: the example profile, generated batches, scratch folders.
enum BenchSupport {
    static func profile(signing: Bool = true) throws -> EnterpriseProfile {
        var profile = try EnterpriseProfile.load(contentsOf: try ConvertBenchmark.profileURL())
        if !signing { profile.signing = nil }
        return profile
    }

    static func scratch(_ label: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("swgate-bench-\(label)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func batch(parcels: Int, seed: UInt64, in folder: URL, mode: BatchGenerator.Mode = .bonded, firstIndex: Int = 0) throws -> URL {
        let url = folder.appendingPathComponent("batch-\(seed)-\(parcels).jsonl")
        var generator = BatchGenerator(seed: seed, mode: mode)
        try generator.write(parcels: parcels, jsonLines: true, to: url, firstIndex: firstIndex)
        return url
    }

    /// The in-process simulator the end-to-end benchmarks send to: `latency` milliseconds a reply,
    /// receipts 10 ms apart.
    static func endToEndSimulator(latency: Double, validator: SchemaValidator) async throws -> SimulatorServer {
        var configuration = SimulatorConfiguration()
        configuration.latency = latency / 1000
        configuration.stageDelay = 0.01
        return try await SimulatorServer.start(configuration, validator: validator)
    }

    /// Rounds of `dispatcher` until one sends nothing: how many messages went, in how many seconds.
    static func sendEverything(_ dispatcher: Dispatcher) throws -> (sent: Int, seconds: Double) {
        var sent = 0
        let seconds = try Stopwatch.time {
            while case let count = try dispatcher.sendDue(), count > 0 { sent += count }
        }
        return (sent, seconds)
    }

    /// Dispatch settings for `simulator`, as the profile's transmitting enterprise.
    static func dispatchSettings(_ simulator: SimulatorServer, profile: EnterpriseProfile, concurrency: Int) -> DispatchSettings {
        var settings = DispatchSettings(endpoint: simulator.baseURL.absoluteString)
        settings.concurrency = concurrency
        settings.senderID = profile.dxpId
        settings.receiverID = profile.receiverId
        return settings
    }
}
