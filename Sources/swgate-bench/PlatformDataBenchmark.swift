import Adapters
import ArgumentParser
import CEBMessages
import Foundation
import Gateway
import HTTPClient
import HTTPServerSupport
import Logging
import Outbox
import PlatformDataServer
import SchemaValidation
import Signing
import Simulator
import ThreadSupport

/// `swgate-bench platform-data`: announcement 179 under load — customs' requests answered per
/// second and their latency while uploads run, and uploads per second end to end (answered,
/// built from the outbox, signed, posted, verified by the simulator playing customs).
struct PlatformDataBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "platform-data", abstract: "179 requests answered per second (p99 latency) while uploads run; uploads per second.")

    @Option(help: "Parcels in the outbox.") var parcels = 2_000
    @Option(help: "Requests customs makes.") var requests = 5_000
    @Option(help: "Requests in flight at once.") var clients = 8
    @Option(help: "Upload threads.") var uploadThreads = 2
    @Flag(help: "One JSON object per line.") var json = false

    func run() async throws {
        let folder = try BenchSupport.scratch("platform-data")
        defer { try? FileManager.default.removeItem(at: folder) }
        let profile = try BenchSupport.profile()
        let store = try SQLOutbox(directory: folder.appendingPathComponent("outbox"))
        _ = try Submission(profile: profile, validator: try SchemaValidator(), store: store).run(
            try BenchSupport.batch(parcels: parcels, seed: 179, in: folder))
        let orders = try store.documents(DocumentFilter(type: .ceb311, limit: parcels)).map(\.orderNo)
        guard let signer = try SignerFactory.signer(for: profile) else { throw ValidationError("the profile has no signing key") }
        var quiet = Logger(label: "swgate.platform-data")
        quiet.logLevel = .error
        var simulatorConfiguration = SimulatorConfiguration()
        simulatorConfiguration.platformCertificate = signer.certificate
        // Two upload connections, each waiting on its answer, beside eight clients that keep the
        // cores busy: answered on the threads the platform-data listener keeps awake, not on one
        // that must be woken for each (``SimulatorConfiguration/io``).
        simulatorConfiguration.io = .threadPerCore
        let simulator = try await SimulatorServer.start(simulatorConfiguration, validator: try SchemaValidator())
        defer { simulator.stop() }
        let server = try await PlatformDataServer.start(PlatformDataServerConfiguration(), store: store, logger: quiet)
        defer { server.stop() }
        var settings = profile.platformData
        settings.uploadURL = simulator.baseURL.appendingPathComponent("ceb2grab/grab/realTimeDataUpload").absoluteString
        let uploader = PlatformDataUploader(
            configuration: .init(settings: settings, signer: signer, worker: "bench"), store: store, signer: signer, logger: quiet)
        var issued: [(order: String, session: String)] = []
        for index in 0..<requests {
            let order = orders[index % orders.count]
            issued.append((order, await simulator.platformData.issue(orderNo: order)))
        }
        let sessions = issued
        let uploads = PlatformUploadThread(uploader: uploader, threads: uploadThreads, idle: 0.005)
        try uploads.start()
        defer { uploads.stop() }
        let url = server.baseURL.appendingPathComponent("platDataOpen").absoluteString
        let next = Counter()
        let latencies = Latencies()
        let started = ContinuousClock.now
        // Threads of their own, not concurrentPerform (which runs only as many at once as there are cores).
        let finished = DispatchGroup()
        for _ in 0..<clients {
            finished.enter()
            Thread.detachNewThread {
                defer { finished.leave() }
                Self.ask(url: url, sessions: sessions, next: next, latencies: latencies)
            }
        }
        // Waited for off the concurrency pool, on which the service in this process answers.
        try await BlockingWork.run("bench-wait") { finished.wait() }
        let answering = ContinuousClock.now - started
        let answerSeconds = Double(answering.components.seconds) + Double(answering.components.attoseconds) / 1e18
        var stats = await simulator.platformData.currentStats()
        let deadline = Date().addingTimeInterval(600)
        while stats.verified + stats.refused < requests, Date() < deadline {
            try await Task.sleep(for: .milliseconds(20))
            stats = await simulator.platformData.currentStats()
        }
        let total = ContinuousClock.now - started
        let totalSeconds = Double(total.components.seconds) + Double(total.components.attoseconds) / 1e18
        let sorted = latencies.all.sorted()
        func percentile(_ fraction: Double) -> Double {
            sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]
        }
        guard sorted.count == requests else { throw ValidationError("answered \(sorted.count) of \(requests)") }
        guard stats.verified == requests else {
            throw ValidationError("customs verified \(stats.verified) of \(requests) uploads; last refusal: \(stats.lastRefusal ?? "none")")
        }
        var result = BenchmarkResult(
            benchmark: "platform-data", unit: "answers/s", rate: Double(requests) / answerSeconds, seconds: answerSeconds)
        result.extra = [
            ("requests", String(requests)), ("clients", String(clients)),
            ("answerP50Millis", BenchmarkResult.number(percentile(0.5) * 1000)),
            ("answerP99Millis", BenchmarkResult.number(percentile(0.99) * 1000)),
            ("uploadsPerSecond", BenchmarkResult.number(Double(stats.verified) / totalSeconds)),
            ("uploadsVerified", String(stats.verified)), ("endToEndSeconds", BenchmarkResult.number(totalSeconds)),
        ]
        result.print(json: json)
    }
}

extension PlatformDataBenchmark {
    /// One client: sends requests until none are left, timing each answer.
    fileprivate static func ask(url: String, sessions: [(order: String, session: String)], next: Counter, latencies: Latencies) {
        guard let client = try? CurlClient(configuration: HTTPConfiguration()) else { return }
        var mine: [Double] = []
        while let index = next.take(below: sessions.count) {
            let request = #"{"orderNo":"\#(sessions[index].order)","sessionID":"\#(sessions[index].session)","serviceTime":1764979200000}"#
            let body = Data(("openReq=" + FormEncoding.encode(request)).utf8)
            let sent = ContinuousClock.now
            let response = try? client.post(url, body: body, contentType: "application/x-www-form-urlencoded")
            let elapsed = ContinuousClock.now - sent
            if response?.status == 200 { mine.append(Double(elapsed.components.attoseconds) / 1e18 + Double(elapsed.components.seconds)) }
        }
        latencies.add(mine)
    }
}

/// The next request to send, shared by the client threads.
private final class Counter: @unchecked Sendable {  // `value` is read and written under `lock`
    private let lock = NSLock()
    private var value = 0

    func take(below limit: Int) -> Int? {
        lock.withLock {
            guard value < limit else { return nil }
            value += 1
            return value - 1
        }
    }
}

/// Every client thread's answer latencies, seconds.
private final class Latencies: @unchecked Sendable {  // `values` is read and written under `lock`
    private let lock = NSLock()
    private var values: [Double] = []

    func add(_ more: [Double]) { lock.withLock { values += more } }
    var all: [Double] { lock.withLock { values } }
}
