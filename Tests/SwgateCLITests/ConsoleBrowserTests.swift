import Foundation
import SwgateTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The console in a real headless Chromium (Debian's chromium and chromium-driver, driven by
/// Selenium from Tests/Browser/console_test.py), on the demo's outbox with a few dead messages
/// added: log in, find the parcel customs rejected and read its reason, retry a dead message and
/// see it queued, a POST without the CSRF token refused. Screenshots: .build/test-output/console/.
@Suite("Console in a headless Chromium")
struct ConsoleBrowserTests {
    @Test("an operator logs in, reads the rejected parcel's reason, retries a dead message; no CSRF token, no retry")
    func operatorFlow() throws {
        let workspace = try Fixtures.temporaryDirectory("swgate-browser")
        defer { Fixtures.removeTemporaryDirectory(workspace) }
        let profile = Fixtures.checkout.appendingPathComponent("examples/swgate.json").path
        let demo = try SwgateProcess.run(["demo", "--json"])
        #expect(demo.status == 0, "\(demo.stderr)")
        let outbox = try #require(
            (try JSONSerialization.jsonObject(with: Data(demo.stdout.utf8)) as? [String: Any])?["outbox"] as? String)
        // Two more parcels, sent once to an endpoint that does not answer: their messages are dead.
        let batch = try Self.deadBatch(in: workspace)
        #expect(try SwgateProcess.run(["submit", batch.path, "--config", profile, "--outbox", outbox]).status == 0)
        _ = try SwgateProcess.run([
            "send", "--once", "--endpoint", "http://127.0.0.1:9", "--max-attempts", "1", "--outbox", outbox, "--config", profile,
        ])
        let rejected = try #require(try Self.rejectedOrder(outbox))
        let console = Process()
        console.executableURL = SwgateProcess.executable
        console.arguments = ["console", "--port", "0", "--json", "--outbox", outbox]
        console.environment = ProcessInfo.processInfo.environment.merging(["SWGATE_CONSOLE_TOKEN": "browser-test-token"]) { _, new in new }
        let output = Pipe()
        console.standardOutput = output
        console.standardError = FileHandle.nullDevice
        try console.run()
        defer {
            console.terminate()
            console.waitUntilExit()
        }
        var line = Data()
        while let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte.first != 0x0A { line.append(byte) }
        let url = try #require((try JSONSerialization.jsonObject(with: line) as? [String: Any])?["url"] as? String)
        let screenshots = Fixtures.checkout.appendingPathComponent(".build/test-output/console")
        let browser = Process()
        browser.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        browser.arguments = [
            ProcessInfo.processInfo.environment["PYTHON"] ?? "python3",
            Fixtures.checkout.appendingPathComponent("Tests/Browser/console_test.py").path, url, "browser-test-token", rejected,
            screenshots.path,
        ]
        let log = Pipe()
        browser.standardOutput = log
        browser.standardError = log
        try browser.run()
        let text = String(decoding: log.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        browser.waitUntilExit()
        #expect(browser.terminationStatus == 0, "\(text)")
        #expect(text.contains("rejected parcel \(rejected): 100"))
        #expect(text.contains("now queued") && text.contains("refused (403)"))
        #expect(FileManager.default.fileExists(atPath: screenshots.appendingPathComponent("2-rejected-parcel.png").path))
    }

    /// The first two parcels of the bonded example under new numbers.
    static func deadBatch(in folder: URL) throws -> URL {
        let data = try Data(contentsOf: Fixtures.checkout.appendingPathComponent("examples/bonded-batch.json"))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let parcels = try #require(root["parcels"] as? [[String: Any]])
        var fresh: [[String: Any]] = []
        for (index, original) in parcels.prefix(2).enumerated() {
            var parcel = original
            var order = try #require(parcel["order"] as? [String: Any])
            order["orderNo"] = "DL20261205000000\(index)"
            var orderPayment = order["payment"] as? [String: Any] ?? [:]
            orderPayment["transactionId"] = "PDL\(index)"
            order["payment"] = orderPayment
            parcel["order"] = order
            var payment = try #require(parcel["payment"] as? [String: Any])
            payment["transactionId"] = "PDL\(index)"
            payment["orderNo"] = nil
            parcel["payment"] = payment
            var waybill = try #require(parcel["waybill"] as? [String: Any])
            waybill["waybillNo"] = "DLW00000000\(index)"
            waybill["orderNo"] = nil
            parcel["waybill"] = waybill
            var inventory = try #require(parcel["inventory"] as? [String: Any])
            inventory["copNo"] = nil
            inventory["orderNo"] = nil
            parcel["inventory"] = inventory
            fresh.append(parcel)
        }
        let url = folder.appendingPathComponent("dead.json")
        try JSONSerialization.data(withJSONObject: ["parcels": fresh]).write(to: url)
        return url
    }

    static func rejectedOrder(_ outbox: String) throws -> String? {
        let list = try SwgateProcess.run(["list", "--outbox", outbox, "--type", "621", "--jsonl", "--limit", "200"])
        for line in list.stdout.split(separator: "\n") {
            if let row = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], row["customsStatus"] as? String == "100"
            {
                return row["orderNo"] as? String
            }
        }
        return nil
    }
}
