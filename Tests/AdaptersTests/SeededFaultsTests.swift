import Adapters
import Foundation
import SwgateTestSupport
import Testing

@Suite("A batch with many seeded faults")
struct SeededFaultsTests {
    @Test("30 parcels with 30 distinct faults: every one is reported with its path and rule id, in one run")
    func thirtyFaults() throws {
        let faults = Array(PreflightRuleTests.faults.prefix(30))
        #expect(faults.count == 30)
        #expect(Set(faults.map(\.rule)).count == 30)
        let parcels = faults.enumerated().map { index, fault in fault.mutate(TestBatches.goodParcel(index + 100)) }
        let result = try TestBatches.run(try TestBatches.data(parcels: parcels))
        for (index, fault) in faults.enumerated() {
            let path = fault.path.replacingOccurrences(of: "parcels[0]", with: "parcels[\(index)]")
            #expect(result.issues.contains { $0.rule == fault.rule && $0.path == path }, "missing \(fault.rule) at \(path)")
        }
    }

    @Test("JSON Lines batches report the line of each faulty record")
    func jsonLines() throws {
        let good = try JSONSerialization.data(withJSONObject: TestBatches.goodParcel(1))
        let bad = try JSONSerialization.data(withJSONObject: setting(TestBatches.goodParcel(2), ["payment", "amount"], to: "1"))
        let lines = good + Data("\n".utf8) + bad + Data("\n{not json\n".utf8)
        let result = try TestBatches.run(lines, ext: "jsonl")
        #expect(
            result.issues.contains {
                $0.rule == "order.paid-matches-payment" && $0.record.hasPrefix("line 2") && $0.path == "payment.amount"
            })
        #expect(result.issues.contains { $0.rule == "record.syntax" && $0.record == "line 3" })
        #expect(result.documents.count == 8)
    }

    @Test("malformed JSON is reported with line and column")
    func syntax() throws {
        let result = try TestBatches.run(Data("{\n  \"parcels\": [\n    {\"order\": }\n  ]\n}".utf8))
        let issue = try #require(result.issues.first)
        #expect(issue.rule == "record.syntax")
        #expect(issue.path.hasPrefix("line 3, column"))
    }
}
