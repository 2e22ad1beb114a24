@testable import Adapters
import Foundation
import Testing

/// The batch index answers the same in memory and once it has moved to disk.
@Suite("Batch index")
struct BatchStateTests {
    /// Runs the same sequence of questions with the index spilled early and never spilled.
    static func answers(spillThreshold: Int) -> (answers: [String], spilled: Bool) {
        var state = BatchState()
        state.spillThreshold = spillThreshold
        var answers: [String] = []
        for index in 0..<300 {
            // Every seventh key repeats an earlier one; waybills and orders cross now and then.
            let key = index % 7 == 0 && index > 0 ? "CEB311|EBP:O\(index / 7)" : "CEB311|EBP:O\(index)"
            answers.append("first \(state.firstRecord(with: key, ordinal: index).map(String.init) ?? "-")")
            let waybill = index % 11 == 0 ? "W\(index / 11)" : "W\(index)"
            let link = state.link(waybill: waybill, order: "O\(index)")
            answers.append("link \(link.earlierOrder) \(link.earlierWaybill)")
            answers.append("total \(state.addPurchase(buyer: "11010519491231002X", amount: Decimal(string: "10.25") ?? 0))")
        }
        return (answers, state.isSpilled)
    }

    @Test("duplicates, reused waybills and running totals are found the same before and after the index moves to disk")
    func spillKeepsAnswers() {
        let inMemory = Self.answers(spillThreshold: .max)
        let spilled = Self.answers(spillThreshold: 50)
        #expect(!inMemory.spilled)
        #expect(spilled.spilled)
        #expect(spilled.answers == inMemory.answers)
        #expect(inMemory.answers[3 * 7] == "first 1", "a repeated key names the record that had it first (record 7 repeats record 1)")
        #expect(inMemory.answers.contains("link true false"), "a waybill used for another order is seen")
        #expect(inMemory.answers.last == "total 3075", "300 × 10.25 CNY")
    }
}
