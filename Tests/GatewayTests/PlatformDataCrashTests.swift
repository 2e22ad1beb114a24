import Foundation
import Gateway
import HTTPClient
import Outbox
import Signing
import SwgateTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Real `swgate platform-data serve` processes killed with SIGKILL while customs' requests come
/// in and uploads go out: every request answered 10000 reaches customs once, none is lost.
@Suite("179 service killed with SIGKILL: nothing lost, nothing uploaded twice")
struct PlatformDataCrashTests {
    @Test("20 rounds: requests answered, the server killed at a random moment, restarted; each session reaches customs once")
    func killedServers() async throws {
        let store = try PlatformDataServiceTests.outbox("sqlite")
        let customs = UploadStandIn(refusingRepeatedSessions: true)
        try await customs.start()
        let client = try CurlClient(configuration: HTTPConfiguration())
        var answered: [String] = []
        var random = SystemRandomNumberGenerator()
        var leftByKilled = 0
        for round in 0..<20 {
            leftByKilled += try store.platformRequests(state: .pending, limit: 1000).count
            let server = try ServeProcess(
                outbox: URL(fileURLWithPath: store.location).deletingLastPathComponent().path, uploadURL: customs.url)
            defer { server.kill() }
            guard let base = server.url else {
                Issue.record("round \(round): the server printed no URL")
                return
            }
            for index in 0..<3 {
                let session = "r\(round)-\(index)"
                let answer = try await PlatformDataServiceTests.ask(
                    base, order: PlatformDataServiceTests.order, session: session, client: client)
                #expect(answer.code == "10000")
                answered.append(session)
            }
            // Killed at once (before the uploads) every other round, else at a random moment during or after them.
            if round % 2 == 1 { try await Task.sleep(for: .milliseconds(Int.random(in: 5...150, using: &random))) }
            server.kill()
        }
        // Restarted: the uploads left pending, or claimed by a killed server, are done now.
        let uploader = try PlatformDataServiceTests.uploader(store, url: customs.url, worker: "after")
        var hours = 0.0
        while true {
            let moment = Date().addingTimeInterval(120 + hours * 3600)
            guard try await uploader.runOnce(client: client, now: { moment }).claimed > 0 else { break }
            hours += 1
        }
        #expect(leftByKilled > 0, "killed servers left uploads for the next one")
        let requests = try store.platformRequests(limit: 1000)
        #expect(Set(requests.map(\.sessionID)) == Set(answered), "every request answered is recorded")
        let accepted = customs.acceptedSessions
        for session in answered {
            #expect(accepted[session] == 1, "session \(session) reached customs \(accepted[session] ?? 0) times")
        }
        for request in requests where request.state != .uploaded {
            // Killed after customs took the upload and before it was recorded: the retry is refused
            // as a repeated session, and says so.
            #expect(request.state == .dead && request.lastError?.contains("20000") == true, "\(request)")
        }
        // That window is narrow, but each of the ten rounds killed at a random moment may hit it once
        // per upload thread (two): a loaded machine makes it likelier, never more than that.
        let lost = requests.filter { $0.state != .uploaded }.count
        #expect(lost <= 10 * 2, "\(lost) sessions ended refused as repeated")
    }
}

/// `swgate platform-data serve` in the background, on a free loopback port.
final class ServeProcess {
    let process = Process()
    let output = Pipe()
    private(set) var url: URL?

    init(outbox: String, uploadURL: String) throws {
        process.executableURL = SwgateProcess.executable
        process.arguments = [
            "platform-data", "serve", "--port", "0", "--json", "--outbox", outbox, "--upload-url", uploadURL, "--lease", "1",
            "--config", Fixtures.checkout.appendingPathComponent("examples/swgate.json").path,
        ]
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte.first != 0x0A { line.append(byte) }
        let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any]
        url = (object?["url"] as? String).flatMap(URL.init(string:))
    }

    func kill() {
        guard process.isRunning else { return }
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
