import Foundation
import SwgateTestSupport
import Testing

/// The demo's rejected parcel, as `list --json` and `export` show it: the status's meaning and
/// customs' reason split into code and text.
@Suite("Customs reasons in list and export")
struct CustomsReasonCommandTests {
    @Test("the rejected inventory carries code 1313 and its meaning in list --json and in the CSV export")
    func rejected() throws {
        let demo = try SwgateProcess.run(["demo"])
        #expect(demo.status == 0, "\(demo.stderr)")
        let outbox = try #require(
            demo.stdout.split(separator: "\n").first { $0.hasPrefix("outbox:") }.map {
                $0.dropFirst("outbox:".count).trimmingCharacters(in: .whitespaces)
            })
        defer { try? FileManager.default.removeItem(atPath: outbox) }
        let list = try SwgateProcess.run(["list", "--outbox", outbox, "--type", "CEB621Message", "--json", "--limit", "100"])
        let rows = try #require(
            (try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any])?["documents"] as? [[String: Any]])
        let rejected = try #require(rows.first { $0["customsStatus"] as? String == "100" })
        #expect(rejected["customsReasonCode"] as? String == "1313")
        #expect(rejected["customsStatusMeaning"] as? String == "rejected by customs")
        #expect((rejected["customsReasonText"] as? String)?.contains("年度限额") == true)
        let released = try #require(rows.first { $0["customsStatus"] as? String == "800" })
        #expect(released["customsReasonCode"] as? String == "2600")
        #expect(released["customsStatusMeaning"] as? String == "released")

        let export = try SwgateProcess.run(["export", "--outbox", outbox, "--format", "csv"])
        let lines = export.stdout.split(separator: "\n")
        #expect(lines.first?.hasSuffix("customsStatusMeaning,customsReasonCode,customsReasonText") == true)
        #expect(lines.contains { $0.contains(",rejected by customs,1313,") })
    }
}
