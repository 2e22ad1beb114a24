import Foundation
import SwgateTestSupport
import Testing

@Suite("Peak memory report")
struct PeakMemoryReportTests {
    @Test("with SWGATE_PEAK_MEMORY_FILE, swgate writes its own peak resident memory as it exits, on success and on failure")
    func writesPeak() throws {
        let folder = try Fixtures.temporaryDirectory("swgate-peak")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        for (arguments, status) in [
            (["validate", Fixtures.checkout.appendingPathComponent("schemas/ceb-202205/dxp.xsd").path], Int32(1)), (["--version"], 0),
        ] {
            let report = folder.appendingPathComponent("peak-\(status)")
            let result = try SwgateProcess.run(arguments, environment: ["SWGATE_PEAK_MEMORY_FILE": report.path])
            #expect(result.status == status, "\(arguments): \(result.stderr)")
            let bytes = Int(try String(contentsOf: report, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
            #expect(bytes > 1_000_000 && bytes < 1_000_000_000, "\(arguments): \(bytes)")
        }
    }
}
