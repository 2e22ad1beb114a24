import Adapters
import Foundation
import Gateway
import Outbox
import SchemaValidation

/// `swgate-bench send --transport folder`: messages/s from the outbox into a send folder (claim,
/// stamp, publish atomically, record), next to a plain loop that writes the same files with
/// write + fsync + rename and nothing else, in the same run.
struct FolderSendBenchmark {
    let parcels: Int
    let json: Bool

    func run() throws {
        let folder = try BenchSupport.scratch("send-folder")
        defer { try? FileManager.default.removeItem(at: folder) }
        let profile = try BenchSupport.profile(signing: false)
        let validator = try SchemaValidator()
        // The VM's fsync speed changes from minute to minute: each round measures swgate and then
        // the plain loop over the very files swgate wrote, and the medians are compared.
        var pairs: [(swgate: Double, plain: Double)] = []
        for round in 0..<3 {
            let store = try SQLOutbox(directory: folder.appendingPathComponent("outbox-\(round)"))
            _ = try Submission(profile: profile, validator: validator, store: store).run(
                try BenchSupport.batch(parcels: parcels, seed: UInt64(round + 1), in: folder, firstIndex: round * parcels))
            let send = folder.appendingPathComponent("send-\(round)", isDirectory: true)
            try FileManager.default.createDirectory(at: send, withIntermediateDirectories: true)
            var settings = DispatchSettings(endpoint: "folder:")
            settings.folder = FolderTransportSettings(send: send)
            settings.receiptsURL = nil
            settings.concurrency = 4
            settings.senderID = profile.dxpId
            let dispatcher = try Dispatcher(store: store, settings: settings, signer: nil)
            sync()
            let (sent, seconds) = try BenchSupport.sendEverything(dispatcher)
            let plain = try Self.plainLoop(files: send, into: folder.appendingPathComponent("plain-\(round)", isDirectory: true))
            pairs.append((Double(sent) / seconds, plain))
        }
        let swgate = pairs.map(\.swgate).sorted()[pairs.count / 2]
        let plain = pairs.map(\.plain).sorted()[pairs.count / 2]
        var result = BenchmarkResult(
            benchmark: "send-folder", unit: "messages/s", rate: swgate, baseline: "write-fsync-rename", baselineRate: plain, seconds: 0)
        result.extra =
            pairs.enumerated().map {
                ("round\($0.offset + 1)", "\(BenchmarkResult.number($0.element.swgate)) / \(BenchmarkResult.number($0.element.plain))")
            }
            + [("ratio", BenchmarkResult.number(swgate / plain))]
        result.print(json: json)
    }

    /// The same files written one by one: write a temporary name, fsync, rename. Files/s.
    static func plainLoop(files source: URL, into target: URL) throws -> Double {
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        let names = try FileManager.default.contentsOfDirectory(atPath: source.path).filter { !$0.hasPrefix(".") }
        let bodies = try names.map { try Data(contentsOf: source.appendingPathComponent($0)) }
        sync()
        let seconds = Stopwatch.time {
            for (name, body) in zip(names, bodies) {
                let temporary = target.appendingPathComponent(".\(name).tmp").path
                let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o640)
                guard fd >= 0 else { continue }
                _ = body.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                fsync(fd)
                close(fd)
                rename(temporary, target.appendingPathComponent(name).path)
            }
        }
        return Double(names.count) / seconds
    }
}
