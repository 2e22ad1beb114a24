import Adapters
import CEBMessages
import Foundation
@testable import Gateway
import SchemaValidation
import SwgateTestSupport
import Testing

@Suite("Preparing documents while a batch converts")
struct DocumentPreparationTests {
    /// The sample order as a converted document; `broken` gives it an order number longer than the schema allows.
    static func document(_ index: Int, broken: Bool) -> ConvertedDocument {
        var order = SampleDeclarations.order().orders[0]
        order.head.orderNo = broken ? String(repeating: "X", count: 200) : "HT\(index)"
        order.head.guid = CEBGuid.stable("prepared-\(index)")
        return ConvertedDocument(
            messageType: .ceb311, businessKey: "3301960XYZ:HT\(index)", orderNo: order.head.orderNo, guid: order.head.guid,
            record: "parcels[\(index)]", body: .order(order))
    }

    @Test("results come back one per document, in order, across chunks: the message's XML, its content hash, and the schema's findings")
    func inOrder() throws {
        let profile = try EnterpriseProfile.load(contentsOf: Fixtures.checkout.appendingPathComponent("examples/swgate.json"))
        let preparation = DocumentPreparation(profile: profile, validator: try SchemaValidator())
        let documents = (0..<600).map { Self.document($0, broken: $0 % 97 == 5) }
        for document in documents { preparation.add(document) }
        let prepared = preparation.finish()
        #expect(prepared.count == documents.count)
        let packer = MessagePacker(limit: 1, profile: profile)
        for (index, (document, result)) in zip(documents, prepared).enumerated() {
            let text = packer.pack([document]).message.xmlString()
            #expect(result.xml == Data(text.utf8), "document \(index)")
            #expect(result.hash == Submission.contentHash(Array(text.utf8)), "document \(index)")
            let issues = try #require(result.issues)
            #expect(issues.isEmpty == (index % 97 != 5), "document \(index): \(issues)")
        }
    }

    @Test("a sealed chunk is waited for on another thread, in order, while the same preparation takes the next documents afresh")
    func sealedElsewhere() async throws {
        let profile = try EnterpriseProfile.load(contentsOf: Fixtures.checkout.appendingPathComponent("examples/swgate.json"))
        let preparation = DocumentPreparation(profile: profile, validator: try SchemaValidator())
        let first = (0..<300).map { Self.document($0, broken: $0 == 7) }
        for document in first { preparation.add(document) }
        let sealed = preparation.seal()
        let second = (300..<310).map { Self.document($0, broken: false) }
        for document in second { preparation.add(document) }
        let waited = await Task.detached { sealed.wait() }.value
        #expect(
            waited.map(\.hash)
                == first.map {
                    Submission.contentHash(Array(MessagePacker(limit: 1, profile: profile).pack([$0]).message.xmlString().utf8))
                })
        #expect(waited.map { $0.issues?.isEmpty } == first.indices.map { $0 != 7 })
        let rest = preparation.finish()
        #expect(rest.count == second.count)
        #expect(rest.first?.xml == MessagePacker(limit: 1, profile: profile).pack([second[0]]).message.xmlData())
    }

    @Test("without a validator nothing is validated (messages will be packed several to one and validated then)")
    func withoutValidator() throws {
        let profile = try EnterpriseProfile.load(contentsOf: Fixtures.checkout.appendingPathComponent("examples/swgate.json"))
        let preparation = DocumentPreparation(profile: profile, validator: nil)
        preparation.add(Self.document(1, broken: true))
        let prepared = preparation.finish()
        #expect(prepared.count == 1)
        #expect(prepared.first?.issues == nil)
    }

    @Test("submit takes a prepared message with its findings as it is, and serialises and validates the others")
    func merged() throws {
        let profile = try EnterpriseProfile.load(contentsOf: Fixtures.checkout.appendingPathComponent("examples/swgate.json"))
        let packer = MessagePacker(limit: 1, profile: profile)
        let messages = (0..<3).map { packer.pack([Self.document($0, broken: $0 == 2)]) }
        let finding = ValidationIssue(line: 7, message: "found while preparing")
        let ready = DocumentPreparation.Prepared(hash: "h", xml: Data("<prepared/>".utf8), issues: [finding])
        let results = Submission.serialiseAndValidate(messages, serialised: [ready, nil, nil], validator: try SchemaValidator())
        #expect(results.count == 3)
        #expect(results[0].xml == Data("<prepared/>".utf8) && results[0].issues == [finding])
        #expect(results[1].xml == messages[1].message.xmlData() && results[1].issues.isEmpty)
        #expect(results[2].xml == messages[2].message.xmlData() && !results[2].issues.isEmpty)
    }
}
