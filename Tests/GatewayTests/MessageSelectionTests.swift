import CEBMessages
import Foundation
import Gateway
@testable import Outbox
import Testing

@Suite("Which messages an action on documents touches")
struct MessageSelectionTests {
    static func document(_ id: Int64, message: Int64) -> DocumentSummary {
        DocumentSummary(
            id: id, messageType: .ceb511, orderNo: "HT\(id)", businessKey: "LOG:SD\(id)", guid: "g\(id)", customsStatus: nil,
            customsInfo: nil, state: .dead,
            messageID: message, messageGuid: "m\(message)", attempts: 1, round: 1, preNo: nil, invtNo: nil, updatedAt: Date(), record: nil
        )
    }

    // Message 1 carries document 1 alone; message 2 carries documents 2, 3 and 4 (packed).
    static let carried: [Int64: [DocumentSummary]] = [1: [document(1, message: 1)], 2: [2, 3, 4].map { document($0, message: 2) }]

    @Test(
        "a packed message is acted on only when every document it carries is named, or with --whole-message",
        arguments: [
            ([1], false, [Int64(1)], [Int64]()),
            ([3], false, [], [2]),
            ([3], true, [2], []),
            ([2, 3, 4], false, [2], []),
            ([1, 3], false, [1], [2]),
            ([3, 3], false, [], [2]),
        ]
    )
    func plan(named: [Int64], whole: Bool, allowed: [Int64], refused: [Int64]) {
        let all = Self.carried.values.flatMap { $0 }
        let requested = named.compactMap { id in all.first { $0.id == id } }
        let selection = MessageSelection.plan(requested: requested, carried: Self.carried, wholeMessage: whole)
        #expect(selection.allowedMessageIDs == allowed)
        #expect(selection.refused.map(\.messageID) == refused)
        if let entry = selection.refused.first { #expect(Set(entry.others.map(\.id)) == Set([2, 3, 4]).subtracting(named)) }
    }
}
