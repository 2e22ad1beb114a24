import CEBMessages
import Foundation
@testable import Outbox
import Testing

/// Inventories parked while the gate keeps them back: walked once, woken by what can let them go.
@Suite("Parked inventories (SQLite and PostgreSQL)")
struct ParkedInventoryTests {
    static let start = Date(timeIntervalSince1970: 1_790_000_000)
    static let gate = DispatchGate(acceptanceRank: CustomsStatus.rank("120"))

    /// A parcel's four messages: order, payment, waybill, inventory, all of order `ORDER<index>`.
    static func parcel(_ index: Int) -> [SubmissionMessage] {
        [
            SQLOutboxTests.message(index),
            SQLOutboxTests.message(index, type: .ceb411, key: "PAY:\(index)"),
            SQLOutboxTests.message(index, type: .ceb511, key: "WAY:\(index)"),
            SQLOutboxTests.message(index, type: .ceb621, key: "COP:INV\(index)"),
        ]
    }

    static func answer(_ message: SubmissionMessage, _ status: String) -> IncomingReceipt {
        let type = message.type.receiptType ?? .ceb312
        return IncomingReceipt(
            contentHash: "r-\(message.guid)-\(status)", receiptType: type, status: status, info: "", guid: message.guid, lookupKeys: [],
            preNo: nil, invtNo: nil, source: "test", rawSHA256: "x", fieldsJSON: "{}")
    }

    static func parked(_ store: SQLOutbox) throws -> Set<String> {
        Set(try store.connection.query("SELECT guid FROM messages WHERE parked > 0").compactMap { $0[0].string })
    }

    /// Claims everything due and records it delivered; returns the claimed messages' guids.
    static func sendDue(_ store: SQLOutbox) throws -> Set<String> {
        let claimed = try store.claim(limit: 100, worker: "t", lease: 60, gate: gate, now: start)
        for message in claimed {
            let report = AttemptReport(
                startedAt: start, finishedAt: start, endpoint: "http://x", transmissionID: "t", httpStatus: 200, outcome: .accepted,
                error: nil, sentSHA256: nil, appTime: nil)
            _ = try store.finish(message, attempt: report, event: .delivered, nextAttemptAt: nil, now: start)
        }
        return Set(claimed.map(\.guid))
    }

    @Test("claims and parking run their kept SQLite statements as prepared, without planning them again on each claim")
    func claimsKeepTheirPlans() throws {
        try SQLOutboxTests().withOutbox(.sqlite) { store, _ in
            _ = try store.submit(file: "b.json", messages: (0..<20).flatMap { Self.parcel($0) }, now: Self.start)
            let connection = try #require(store.connection as? SQLiteConnection)
            let before = connection.repreparations
            for _ in 0..<5 {
                _ = try store.claim(limit: 4, worker: "t", lease: 60, gate: Self.gate, now: Self.start)
                try store.parkBlockedInventories(gate: Self.gate)
            }
            #expect(connection.repreparations - before == 0)
        }
    }

    @Test(
        "a claim that comes up short parks the inventories it passed over; the last acceptance of their order wakes one, and the next claim takes it",
        arguments: OutboxEngine.available)
    func parkAndWake(engine: OutboxEngine) throws {
        try SQLOutboxTests().withOutbox(engine) { store, _ in
            let parcels = (0..<3).map { Self.parcel($0) }
            _ = try store.submit(file: "b.json", messages: parcels.flatMap { $0 }, now: Self.start)
            let inventories = Set(parcels.map { $0[3].guid })

            #expect(try Self.sendDue(store) == Set(parcels.flatMap { $0.prefix(3).map(\.guid) }), "every order, payment and waybill")
            #expect(try Self.parked(store) == inventories, "the claim came up short: the three inventories are parked")
            #expect(try Self.sendDue(store).isEmpty)

            // Parcel 0: the order and payment are accepted; the waybill is only declared.
            let first = parcels[0]
            _ = try store.apply(
                [Self.answer(first[0], "120"), Self.answer(first[1], "120"), Self.answer(first[2], "2")], acceptanceRank: 0,
                now: Self.start)
            #expect(try Self.parked(store) == inventories, "not woken while the waybill keeps it back")
            #expect(try Self.sendDue(store).isEmpty)

            _ = try store.apply([Self.answer(first[2], "120")], acceptanceRank: 0, now: Self.start)
            #expect(try Self.parked(store) == inventories.subtracting([first[3].guid]), "woken by the last acceptance")
            #expect(try Self.sendDue(store) == [first[3].guid], "and the next claim takes it")
            #expect(try Self.parked(store) == inventories.subtracting([first[3].guid]))

            // Parcel 1's waybill refused: its inventory stays parked, and the sweep still makes it dead.
            _ = try store.apply([Self.answer(parcels[1][2], "100")], acceptanceRank: 0, now: Self.start)
            #expect(try Self.sendDue(store).isEmpty)
            #expect(try store.failBlockedInventories(grace: 1800, now: Self.start) == 1)
            #expect(try Self.parked(store) == [parcels[2][3].guid], "a message that moves is unparked")
            #expect(try store.check().isEmpty)
        }
    }

    @Test(
        "parked inventories are woken when their message changes state, when a document of their order goes, and when a worker starts",
        arguments: OutboxEngine.available)
    func otherWakes(engine: OutboxEngine) throws {
        try SQLOutboxTests().withOutbox(engine) { store, _ in
            let parcels = (0..<3).map { Self.parcel($0) }
            _ = try store.submit(file: "b.json", messages: parcels.flatMap { $0 }, now: Self.start)
            _ = try Self.sendDue(store)
            #expect(try Self.parked(store).count == 3)

            // Cancelled by an operator: a message that leaves the queue is parked no more.
            let inventory = try #require(try store.documents(DocumentFilter(type: .ceb621, orderNo: "ORDER0")).first?.messageID)
            #expect(try store.cancel(messageIDs: [inventory], now: Self.start) == 1)
            #expect(try Self.parked(store) == [parcels[1][3].guid, parcels[2][3].guid])

            // A document of parcel 1's order removed: nothing of its order keeps the inventory back now.
            _ = try store.connection.run(
                "DELETE FROM documents WHERE order_no = 'ORDER1' AND type <> ?", [.text(CEBMessageType.ceb621.rawValue)])
            #expect(try Self.parked(store) == [parcels[2][3].guid])

            #expect(try store.wakeParkedInventories() == 1)
            #expect(try Self.parked(store).isEmpty)
        }
    }

    @Test("a claim never sends an inventory early, whatever its parked flag says", arguments: OutboxEngine.available)
    func gateStillDecides(engine: OutboxEngine) throws {
        try SQLOutboxTests().withOutbox(engine) { store, _ in
            let parcel = Self.parcel(0)
            _ = try store.submit(file: "b.json", messages: parcel, now: Self.start)
            #expect(try Self.sendDue(store) == Set(parcel.prefix(3).map(\.guid)))
            _ = try store.wakeParkedInventories()
            #expect(try Self.sendDue(store).isEmpty, "unparked, and still kept back")
            #expect(try Self.parked(store) == [parcel[3].guid])
        }
    }
}
