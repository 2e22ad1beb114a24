import Foundation
import SwgateTestSupport
import Testing

/// `make install` into a temporary prefix gives a swgate that runs the demo from any folder
/// (schemas and examples found relative to the binary, nothing compiled-in), and systemd units
/// that `systemd-analyze verify` accepts.
@Suite("make install and the systemd units")
struct InstallTests {
    @Test("an installed swgate runs the demo from another folder; its units verify")
    func install() throws {
        let folder = try Fixtures.temporaryDirectory("swgate-install")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let prefix = folder.appendingPathComponent("prefix")
        let make = Process()
        make.executableURL = URL(fileURLWithPath: "/usr/bin/make")
        make.arguments = ["-s", "install", "PREFIX=\(prefix.path)", "SWGATE_BINARY=\(SwgateProcess.executable.path)"]
        make.currentDirectoryURL = Fixtures.checkout
        make.standardOutput = FileHandle.nullDevice
        try make.run()
        make.waitUntilExit()
        try #require(make.terminationStatus == 0)
        for path in [
            "bin/swgate", "share/swgate/schemas/ceb-202205/ceb-import.xsd", "share/swgate/examples/swgate.json",
            "lib/systemd/system/swgate-worker.service", "lib/systemd/system/swgate-receipts.service",
            "lib/systemd/system/swgate-platform-data.service", "lib/systemd/system/swgate-console.service", "lib/sysusers.d/swgate.conf",
        ] {
            #expect(FileManager.default.fileExists(atPath: prefix.appendingPathComponent(path).path), "\(path)")
        }
        let elsewhere = folder.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        let demo = Process()
        demo.executableURL = prefix.appendingPathComponent("bin/swgate")
        demo.arguments = ["demo", "--json"]
        demo.currentDirectoryURL = elsewhere
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "SWGATE_SCHEMAS")
        demo.environment = environment
        let output = Pipe()
        demo.standardOutput = output
        demo.standardError = FileHandle.nullDevice
        try demo.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        demo.waitUntilExit()
        #expect(demo.terminationStatus == 0)
        let answer = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(answer["released"] as? Int == 23 && answer["rejected"] as? Int == 1)
        let unit = try String(contentsOf: prefix.appendingPathComponent("lib/systemd/system/swgate-worker.service"), encoding: .utf8)
        #expect(unit.contains("ExecStart=\(prefix.path)/bin/swgate run"))
        for setting in ["User=swgate", "ProtectSystem=strict", "ReadWritePaths=/var/lib/swgate", "NoNewPrivileges=yes"] {
            #expect(unit.contains(setting), "\(setting)")
        }
        let analyze = URL(fileURLWithPath: "/usr/bin/systemd-analyze")
        guard FileManager.default.isExecutableFile(atPath: analyze.path) else { return }
        let verify = Process()
        verify.executableURL = analyze
        verify.arguments =
            ["verify"]
            + ["swgate-worker.service", "swgate-receipts.service", "swgate-platform-data.service", "swgate-console.service"].map {
                prefix.appendingPathComponent("lib/systemd/system/\($0)").path
            }
        let errors = Pipe()
        verify.standardError = errors
        verify.standardOutput = FileHandle.nullDevice
        try verify.run()
        let complaints = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        verify.waitUntilExit()
        #expect(verify.terminationStatus == 0, "\(complaints)")
    }
}
