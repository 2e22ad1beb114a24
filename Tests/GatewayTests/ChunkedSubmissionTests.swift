import Adapters
import CEBMessages
import Foundation
import Gateway
@testable import Outbox
import SchemaValidation
import SwgateTestSupport
import Testing

/// A batch is converted, checked and staged a chunk at a time (its payloads in the outbox, its
/// messages' fields in a spill file) and enqueued in one transaction: the same outcome as in one
/// piece, and on any error nothing — no document, no message, no staged payload.
@Suite("Submission in chunks: flat memory, the same all-or-nothing")
struct ChunkedSubmissionTests {
    static let profileURL = Fixtures.checkout.appendingPathComponent("examples/swgate.json")
    static let bonded = Fixtures.checkout.appendingPathComponent("examples/bonded-batch.json")

    @Test("chunks of 7 documents enqueue what one piece does; again, everything is already there", arguments: [7, 5_000])
    func sameOutcome(chunkSize: Int) throws {
        let folder = try Fixtures.temporaryDirectory("swgate-chunks")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let store = try SQLOutbox(directory: folder)
        var submission = Submission(
            profile: try EnterpriseProfile.load(contentsOf: Self.profileURL), validator: try SchemaValidator(), store: store)
        submission.chunkSize = chunkSize
        let first = try submission.run(Self.bonded)
        #expect(!first.failed, "\(first.issues)")
        #expect(first.counts[.enqueued] == 96 && first.result?.enqueuedDocuments == 96)
        #expect(try store.check().isEmpty)
        let again = try submission.run(Self.bonded)
        #expect(again.counts[.alreadyPresent] == 96 && again.result?.enqueuedDocuments == 0)
        #expect(try store.status(now: Date()).messagesTotal == 96)
    }

    @Test("an error in a later chunk leaves nothing behind: no message, no staged payload", arguments: ["embedded", "postgres"])
    func errorInLaterChunk(engine: String) throws {
        let folder = try Fixtures.temporaryDirectory("swgate-chunks-error")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let data = try Data(contentsOf: Self.bonded)
        var root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var parcels = try #require(root["parcels"] as? [[String: Any]])
        var last = try #require(parcels.last)
        var waybill = try #require(last["waybill"] as? [String: Any])
        waybill["weight"] = "heavy"
        last["waybill"] = waybill
        parcels[parcels.count - 1] = last
        root["parcels"] = parcels
        let batch = folder.appendingPathComponent("late-error.json")
        try JSONSerialization.data(withJSONObject: root).write(to: batch)
        let location =
            engine == "postgres" ? try PostgresTestServer.freshDatabase("chunks") : folder.appendingPathComponent("outbox").path
        let store = try SQLOutbox(location: location)
        var submission = Submission(
            profile: try EnterpriseProfile.load(contentsOf: Self.profileURL), validator: try SchemaValidator(), store: store)
        submission.chunkSize = 8
        let report = try submission.run(batch)
        #expect(report.failed)
        #expect(report.issues.contains { $0.path == "parcels[23].waybill.weight" }, "\(report.issues)")
        #expect(try store.status(now: Date()).messagesTotal == 0)
        let payloads = try store.connection.query("SELECT COUNT(*) FROM payloads", []).first?.first?.int
        #expect(payloads == 0, "staged payloads were removed")
        // The same batch, fixed, goes in whole afterwards.
        let fixed = try submission.run(Self.bonded)
        #expect(!fixed.failed && fixed.result?.enqueuedDocuments == 96)
        #expect(try store.check().isEmpty)
    }

    @Test("the spill file gives back every field, escapes included, in groups")
    func spillRoundTrip() throws {
        let spill = try SubmissionSpill()
        defer { spill.remove() }
        var messages: [SubmissionMessage] = []
        for index in 0..<5 {
            var document = SubmissionDocument(
                key: DocumentKey(type: .ceb311, businessKey: "3301960XYZ:HT\(index)\tx\\y"), orderNo: "HT\(index)", guid: "G-\(index)",
                contentHash: String(repeating: "a", count: 64), record: "line \(index) (order HT\(index))\nnext")
            document.purchase = index.isMultiple(of: 2) ? Purchase(buyer: "b\(index)", year: 2026, fen: 12_345) : nil
            document.withheldTax = index == 3 ? Decimal(string: "140.78") : nil
            document.retiresExpired = index == 1
            document.lookupKeys = index == 2 ? ["k1", "", "k3"] : []
            document.paymentKey = index == 4 ? "PAY:订单\\\"x" : ""
            document.platformFacts = index == 4 ? #"{"exchange":"{\"raw\":\"\t\n\"}"}"# : nil
            var second = document
            second.key = DocumentKey(type: .ceb311, businessKey: "second-\(index)")
            let documents = index == 3 ? [document, second] : [document]
            messages.append(SubmissionMessage(guid: "M-\(index)", type: .ceb311, payloadHash: "h\(index)", documents: documents))
        }
        try spill.append(messages)
        var read: [SubmissionMessage] = []
        var groups = 0
        try spill.forEachGroup(of: 2) { group in
            groups += 1
            read += group
        }
        #expect(groups == 3 && spill.messageCount == 5 && spill.documentCount == 6)
        #expect(read.map(\.guid) == messages.map(\.guid))
        #expect(read.flatMap(\.documents) == messages.flatMap(\.documents))
    }

    @Test("a transaction that fails part-way through the spill stops its reading and can read it again")
    func spillStopsEarly() throws {
        struct Refused: Error {}
        let spill = try SubmissionSpill()
        defer { spill.remove() }
        let messages = (0..<50).map { index in
            SubmissionMessage(
                guid: "M-\(index)", type: .ceb311, payloadHash: "h\(index)",
                documents: [
                    SubmissionDocument(
                        key: DocumentKey(type: .ceb311, businessKey: "k\(index)"), orderNo: "HT\(index)", guid: "G-\(index)",
                        contentHash: String(repeating: "b", count: 64), record: "line \(index)")
                ])
        }
        try spill.append(messages)
        var groups = 0
        #expect(throws: Refused.self) {
            try spill.forEachGroup(of: 5) { _ in
                groups += 1
                if groups == 2 { throw Refused() }
            }
        }
        #expect(groups == 2)
        // The reading thread is done with the file: a second pass reads it whole from the start.
        var read: [String] = []
        try spill.forEachGroup(of: 7) { group in read += group.map(\.guid) }
        #expect(read == messages.map(\.guid))
    }
}
