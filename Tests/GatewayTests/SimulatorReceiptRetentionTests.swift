import CEBMessages
import Foundation
@testable import Simulator
import Testing

/// A simulator left running keeps the receipts of its retention window, not every one it issued.
@Suite("Simulator receipt retention")
struct SimulatorReceiptRetentionTests {
    static func receipt(_ orderNo: String) -> CEB312Message {
        CEB312Message(returns: [
            OrderReturn(
                guid: CEBGuid.make(), ebpCode: "3301960XYZ", ebcCode: "3301960XYZ", orderNo: orderNo, returnStatus: "120",
                returnTime: "20261125103000000", returnInfo: "retention")
        ])
    }

    @Test("receipts due longer ago than the retention are forgotten; the rest keep their ids", arguments: [60.0, 86_400.0])
    func retention(seconds: TimeInterval) async {
        var configuration = SimulatorConfiguration()
        configuration.receiptRetention = seconds
        let customs = SimulatedCustoms(configuration: configuration, validator: nil)
        let now = Date()
        // Three issued two minutes ago, two just now.
        for index in 0..<3 { await customs.schedule(Self.receipt("OLD\(index)"), at: now.addingTimeInterval(-120)) }
        for index in 0..<2 { await customs.schedule(Self.receipt("NEW\(index)"), at: now) }
        let ready = await customs.due(after: 0, limit: 100, now: now)
        if seconds < 120 {
            #expect(ready.map(\.id) == [4, 5])
            // A poller whose cursor is inside the forgotten stretch goes on from the oldest kept.
            #expect(await customs.due(after: 2, limit: 100, now: now).map(\.id) == [4, 5])
            #expect(await customs.due(after: 4, limit: 100, now: now).map(\.id) == [5])
        } else {
            #expect(ready.map(\.id) == [1, 2, 3, 4, 5])
        }
        await customs.schedule(Self.receipt("LATER"), at: now)
        #expect(await customs.due(after: 5, limit: 100, now: now).map(\.id) == [6])
    }

    @Test("receipts that are never fetched (files only) are forgotten too, copies or not", arguments: [false, true])
    func unfetched(duplicates: Bool) async {
        var configuration = SimulatorConfiguration()
        configuration.receiptRetention = 60
        configuration.duplicateReceipts = duplicates
        let customs = SimulatedCustoms(configuration: configuration, validator: nil)
        let now = Date()
        let copies = duplicates ? 2 : 1
        for index in 0..<(1_000 / copies) { await customs.schedule(Self.receipt("OLD\(index)"), at: now.addingTimeInterval(-120)) }
        for index in 0..<(100 / copies) { await customs.schedule(Self.receipt("NEW\(index)"), at: now) }
        #expect(await customs.receipts.count == 100)
        #expect(await customs.receipts.first?.id == 1_001)
    }
}
