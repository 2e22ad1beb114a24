import Adapters
import Foundation
import Gateway
import JSONWriting
import Logging
import Outbox
import Signing
import Simulator

/// The demo's announcement-179 part: the uploader pointed at the simulator, and what customs
/// (the simulator) saw.
enum PlatformDataDemo {
    /// The demo prints its own summary: only problems are logged.
    static let quietLogger: Logger = {
        var logger = Logger(label: "swgate.platform-data")
        logger.logLevel = .warning
        return logger
    }()

    /// Upload threads sending to the simulator's realTimeDataUpload, signed with the demo key.
    static func uploads(profile: EnterpriseProfile, signer: (any Signer)?, store: SQLOutbox, simulator: URL) throws -> PlatformUploadThread?
    {
        guard let signer else { return nil }
        var settings = profile.platformData
        settings.uploadURL = simulator.appendingPathComponent("ceb2grab/grab/realTimeDataUpload").absoluteString
        let configuration = PlatformDataUploader.Configuration(settings: settings, signer: signer, worker: "demo")
        let uploader = PlatformDataUploader(configuration: configuration, store: store, signer: signer, logger: quietLogger)
        return PlatformUploadThread(uploader: uploader, threads: 1)
    }

    /// Waits (at most 10 s) until customs has checked uploads for `orders` requests, and returns
    /// what it saw.
    static func wait(for simulator: SimulatorServer, store: SQLOutbox, orders: Int) async -> PlatformDataCustoms.Stats {
        let deadline = Date().addingTimeInterval(10)
        var stats = await simulator.platformData.currentStats()
        while stats.verified + stats.refused < orders, Date() < deadline {
            try? await Task.sleep(for: .milliseconds(100))
            stats = await simulator.platformData.currentStats()
        }
        return stats
    }

    static func line(_ stats: PlatformDataCustoms.Stats) -> String {
        var text =
            "payment data (179): customs asked \(stats.requested) times, \(stats.answered) answered 10000 at once; \(stats.verified) uploads verified, \(stats.refused) refused (swgate platform-data list)"
        if let refusal = stats.lastRefusal { text += "; last refusal: \(refusal)" }
        return text
    }

    static func json(_ stats: PlatformDataCustoms.Stats) -> JSONObject {
        var object = JSONObject()
        object.append("requestCount", .int(stats.requested))
        object.append("answeredCount", .int(stats.answered))
        object.append("verifiedCount", .int(stats.verified))
        object.append("refusedCount", .int(stats.refused))
        return object
    }
}
