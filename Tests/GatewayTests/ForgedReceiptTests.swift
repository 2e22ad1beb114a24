import CEBMessages
import Foundation
import Gateway
@testable import Outbox
import ReceiptReceiver
import Signing
import SwgateTestSupport
import Testing
import HTTPClient
import Transport

/// A forged "800 released" must never release goods: not riding on a genuine signature, and not
/// for a document that was never sent.
@Suite("Forged receipts")
struct ForgedReceiptTests {
    static let keys = Fixtures.checkout.appendingPathComponent("examples/keys")

    static func customsSigner() throws -> SoftwareSigner {
        try SoftwareSigner(
            keyFile: keys.appendingPathComponent("demo-rsa.key.pem"), certificateFile: keys.appendingPathComponent("demo-rsa.cert.pem"))
    }

    /// The bonded example's inventories with their copNo, in id order.
    static func inventories(_ store: SQLOutbox) throws -> [(document: DocumentSummary, copNo: String)] {
        try store.documents(DocumentFilter(type: .ceb621, limit: 100)).map { document in
            let detail = try #require(try store.details(String(document.id)).first)
            guard case .ceb621(let message) = try AnyCEBMessage.parse(detail.payload) else { throw CancellationError() }
            return (document, message.inventories[0].head.copNo ?? "")
        }
    }

    static func release(_ copNo: String, guid: String = CEBGuid.make(), info: String = "放行") -> InventoryReturn {
        InventoryReturn(
            guid: guid, customsCode: "2991", copNo: copNo, preNo: "B20261125000000999", invtNo: "29912026I000000999",
            returnStatus: "800", returnTime: "20261125103000000", returnInfo: info
        )
    }

    /// A genuine customs-signed CEB622 (120 for `genuine`) with a forged 800 for `victim`
    /// placed where `placement` puts it.
    static func wrapped(genuine: String, victim: String, placement: String) throws -> Data {
        let real = CEB622Message(returns: [
            InventoryReturn(
                guid: CEBGuid.make(), customsCode: "2991", copNo: genuine, preNo: "B20261125000000001", returnStatus: "120",
                returnTime: "20261125103000000", returnInfo: "ok")
        ]).xmlData()
        let signed = String(decoding: try EnvelopedSignature.sign(real, with: try customsSigner()), as: UTF8.self)
        let forged = String(decoding: CEB622Message(returns: [release(victim)]).xmlData(), as: UTF8.self)
        // The forged answer element alone, with the customs namespace declared on it.
        let start = try #require(forged.range(of: "<ceb:InventoryReturn>"))
        let end = try #require(forged.range(of: "</ceb:InventoryReturn>"))
        let element = "<ceb:InventoryReturn xmlns:ceb=\"http://www.chinaport.gov.cn/ceb\">" + forged[start.upperBound..<end.upperBound]
        switch placement {
        case "inside Signature":
            return Data(signed.replacingOccurrences(of: "</ds:Signature>", with: element + "</ds:Signature>").utf8)
        case "inside ds:Object":
            return Data(
                signed.replacingOccurrences(of: "</ds:Signature>", with: "<ds:Object>" + element + "</ds:Object></ds:Signature>").utf8)
        case "inside KeyInfo":
            return Data(signed.replacingOccurrences(of: "</ds:KeyInfo>", with: element + "</ds:KeyInfo>").utf8)
        default:
            // A second signature element holding the answer, before the genuine one.
            let second = "<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\">" + element + "</ds:Signature>"
            return Data(signed.replacingOccurrences(of: "<ds:Signature ", with: second + "<ds:Signature ").utf8)
        }
    }

    @Test(
        "signature wrapping: a forged answer hidden in or beside a genuine signature is neither verified nor read",
        arguments: ["inside Signature", "inside ds:Object", "inside KeyInfo", "a second Signature"]
    )
    func wrapping(placement: String) async throws {
        let harness = try await GatewayHarness.start()
        defer { harness.stop() }
        try harness.markAllSent()
        let inventories = try Self.inventories(harness.store)
        let genuine = inventories[0].copNo
        let victim = inventories[1]
        let forged = try Self.wrapped(genuine: genuine, victim: victim.copNo, placement: placement)
        let certificate = try Certificate(contentsOf: Self.keys.appendingPathComponent("demo-rsa.cert.pem"))

        let verification = EnvelopedSignature.verify(forged, certificate: certificate)
        #expect(!verification.isValid, "\(verification.reason)")
        #expect(!EnvelopedSignature.verify(forged).isValid)
        if let file = try? ReceiptFile.read(forged) {
            #expect(file.returns.allSatisfy { $0.statusCode != "800" }, "an answer from inside the signature was read")
        }

        var configuration = ReceiptReceiverConfiguration()
        configuration.trustedCertificates = [certificate]
        let receiver = try await ReceiptReceiver.start(configuration, intake: ReceiptIntake(store: harness.store))
        defer { receiver.stop() }
        let client = try CurlClient(configuration: HTTPConfiguration())
        let response = try await client.post(
            receiver.baseURL.appendingPathComponent("receipts").absoluteString, body: forged, contentType: "application/xml")
        #expect(response.status == 403, "\(String(decoding: response.body, as: UTF8.self))")
        #expect(try harness.store.documents(DocumentFilter(type: .ceb621, orderNo: victim.document.orderNo)).first?.customsStatus == nil)
        #expect(try harness.store.notificationCounts().waiting == 0)
    }

    @Test("the genuine signed receipt alone still verifies and applies (the shape check is not a blanket refusal)")
    func genuineStillAccepted() async throws {
        let harness = try await GatewayHarness.start()
        defer { harness.stop() }
        try harness.markAllSent()
        let inventory = try Self.inventories(harness.store)[0]
        let receipt = CEB622Message(returns: [Self.release(inventory.copNo)]).xmlData()
        let signed = try EnvelopedSignature.sign(receipt, with: try Self.customsSigner())
        let certificate = try Certificate(contentsOf: Self.keys.appendingPathComponent("demo-rsa.cert.pem"))
        #expect(EnvelopedSignature.verify(signed, certificate: certificate).isValid)
        var configuration = ReceiptReceiverConfiguration()
        configuration.trustedCertificates = [certificate]
        let receiver = try await ReceiptReceiver.start(configuration, intake: ReceiptIntake(store: harness.store))
        defer { receiver.stop() }
        let client = try CurlClient(configuration: HTTPConfiguration())
        #expect(
            try await client.post(
                receiver.baseURL.appendingPathComponent("receipts").absoluteString, body: signed, contentType: "application/xml"
            ).status == 200)
        #expect(
            try harness.store.documents(DocumentFilter(type: .ceb621, orderNo: inventory.document.orderNo)).first?.customsStatus == "800")
    }

    @Test("a receipt for a document never sent changes nothing, before or after submit, and stays listed with its reason")
    func unsentDocument() async throws {
        let folder = try Fixtures.temporaryDirectory("swgate-forged")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let store = try SQLOutbox(directory: folder.appendingPathComponent("outbox"))
        let intake = ReceiptIntake(store: store)
        // copNo is derived from the order number: an attacker can compute it before submit.
        let early = try intake.ingest(
            CEB622Message(returns: [Self.release("HT2026112500000002", info: "early")]).xmlData(), source: "attacker")
        #expect(early.unmatched == 1)

        let harness = try await GatewayHarness.start()
        defer { harness.stop() }
        let inventories = try Self.inventories(harness.store)
        let victim = inventories[1]
        let intakeHere = ReceiptIntake(store: harness.store)
        // Before submit: waiting. Submitted but unsent: refused to apply.
        _ = try intakeHere.ingest(
            CEB622Message(returns: [Self.release(inventories[2].copNo, info: "before")]).xmlData(), source: "attacker")
        let counts = try intakeHere.ingest(CEB622Message(returns: [Self.release(victim.copNo)]).xmlData(), source: "attacker")
        #expect(counts.applied == 0 && counts.notYetSent == 1)
        #expect(try harness.store.documents(DocumentFilter(type: .ceb621, orderNo: victim.document.orderNo)).first?.customsStatus == nil)
        #expect(try harness.store.notificationCounts().waiting == 0)
        let listed = try harness.store.unmatchedReceipts()
        #expect(listed.contains { $0.unsentDocumentID == victim.document.id })

        // Sending later does not make the early answers customs' answers.
        try harness.markAllSent()
        try harness.store.applyWaitingReceipts(now: Date())
        #expect(try harness.store.documents(DocumentFilter(type: .ceb621, orderNo: victim.document.orderNo)).first?.customsStatus == nil)
        #expect(
            try harness.store.documents(DocumentFilter(type: .ceb621, orderNo: inventories[2].document.orderNo)).first?.customsStatus == nil
        )

        // Once sent, customs' answer applies.
        let real = try intakeHere.ingest(CEB622Message(returns: [Self.release(victim.copNo, info: "real")]).xmlData(), source: "customs")
        #expect(real.applied == 1)
        #expect(try harness.store.documents(DocumentFilter(type: .ceb621, orderNo: victim.document.orderNo)).first?.customsStatus == "800")
    }

    @Test("unapplied receipts expire after their time; applied ones stay")
    func expiry() async throws {
        let harness = try await GatewayHarness.start()
        defer { harness.stop() }
        let intake = ReceiptIntake(store: harness.store, unmatchedTTL: 3600)
        let now = Date()
        _ = try intake.ingest(
            CEB622Message(returns: [Self.release("NOTHING-HERE")]).xmlData(), source: "attacker", now: now.addingTimeInterval(-7200))
        #expect(try harness.store.unmatchedReceipts().count == 1)
        #expect(try intake.expireUnmatched(now: now, force: true) == 1)
        #expect(try harness.store.unmatchedReceipts().isEmpty)
    }
}

extension GatewayHarness {
    /// Records every message as sent once, the way a worker would (claim, then delivered), so that
    /// receipts may apply to them.
    func markAllSent() throws {
        try store.markAllSentForTesting()
    }
}

extension SQLOutbox {
    /// Claims everything (no gate) and records it delivered.
    func markAllSentForTesting() throws {
        while true {
            let claimed = try claim(limit: 500, worker: "test", lease: 60, gate: DispatchGate(acceptanceRank: 0), now: Date())
            if claimed.isEmpty { return }
            let now = Date()
            let completions = claimed.map {
                SQLOutbox.Completion(
                    message: $0,
                    attempt: AttemptReport(
                        startedAt: now, finishedAt: now, endpoint: "test", transmissionID: nil, httpStatus: 200, outcome: .accepted,
                        error: nil, sentSHA256: nil, appTime: nil),
                    event: .delivered, nextAttemptAt: nil
                )
            }
            _ = try finish(completions, now: now)
        }
    }

}
