import Adapters
import CEBMessages
import Foundation
import Gateway
import Outbox
import ReceiptReceiver
import Signing
import Simulator
import SwgateTestSupport
import Testing
import HTTPClient
import Transport

/// A receiver that takes only receipts signed with customs' certificate.
@Suite("Push receiver requiring signed receipts")
struct SignedReceiptTests {
    static let keys = Fixtures.checkout.appendingPathComponent("examples/keys")

    static func signer(_ name: String) throws -> SoftwareSigner {
        try SoftwareSigner(
            keyFile: keys.appendingPathComponent("demo-\(name).key.pem"),
            certificateFile: keys.appendingPathComponent("demo-\(name).cert.pem"))
    }

    @Test("unsigned, tampered and foreign-signed receipts are refused with 403 and change nothing; signed ones are applied")
    func refusesUnsigned() async throws {
        let harness = try await GatewayHarness.start()
        defer { harness.stop() }
        try harness.markAllSent()
        var configuration = ReceiptReceiverConfiguration()
        configuration.trustedCertificates = [try Certificate(contentsOf: Self.keys.appendingPathComponent("demo-rsa.cert.pem"))]
        let receiver = try await ReceiptReceiver.start(configuration, intake: ReceiptIntake(store: harness.store))
        defer { receiver.stop() }
        let url = receiver.baseURL.appendingPathComponent("receipts").absoluteString
        let client = try CurlClient(configuration: HTTPConfiguration())

        let order = try #require(try harness.store.documents(DocumentFilter(type: .ceb311, limit: 1)).first)
        let receipt = CEB312Message(returns: [
            OrderReturn(
                guid: order.guid, ebpCode: "3301960XYZ", ebcCode: "3301960XYZ", orderNo: order.orderNo, returnStatus: "120",
                returnTime: "20261125103000000", returnInfo: "pushed")
        ])
        let wrapped = DxpEnvelope.wrap(receipt, senderId: "DXPEDCCEB0000002", receiverIds: ["DXPENT0000000001"], creatTime: Date())
            .xmlData()
        let signed = try EnvelopedSignature.sign(wrapped, with: try Self.signer("rsa"))
        let tampered = Data(
            String(decoding: signed, as: UTF8.self).replacingOccurrences(of: "DXPEDCCEB0000002", with: "DXPEDCCEB0000009").utf8)
        let foreign = try EnvelopedSignature.sign(wrapped, with: try Self.signer("sm2"))

        for (body, reason) in [(wrapped, "unsigned"), (tampered, "digest mismatch"), (foreign, "signature not accepted")] {
            let response = try await client.post(url, body: body, contentType: "application/xml")
            #expect(response.status == 403, "\(reason)")
            #expect(String(decoding: response.body, as: UTF8.self).contains(reason))
        }
        #expect(try harness.store.documents(DocumentFilter(type: .ceb311, orderNo: order.orderNo)).first?.customsStatus == nil)
        let accepted = try await client.post(url, body: signed, contentType: "application/xml")
        #expect(accepted.status == 200)
        #expect(try harness.store.documents(DocumentFilter(type: .ceb311, orderNo: order.orderNo)).first?.customsStatus == "120")
    }

    @Test("end to end: a simulator signing its receipts pushes them to a receiver that requires customs' signature; every document settles")
    func signedPush() async throws {
        let harness = try await GatewayHarness.start()
        defer { harness.stop() }
        var receiverConfiguration = ReceiptReceiverConfiguration()
        receiverConfiguration.trustedCertificates = [try Certificate(contentsOf: Self.keys.appendingPathComponent("demo-sm2.cert.pem"))]
        let receiver = try await ReceiptReceiver.start(receiverConfiguration, intake: ReceiptIntake(store: harness.store))
        var customs = SimulatorConfiguration()
        customs.stageDelay = 0.02
        customs.receiptSigner = try Self.signer("sm2")
        customs.pushURL = receiver.baseURL.appendingPathComponent("receipts").absoluteString
        let simulator = try await SimulatorServer.start(customs)
        defer {
            Task {
                await simulator.shutdown(); await receiver.shutdown()
            }
        }

        var settings = DispatchSettings(endpoint: simulator.baseURL.absoluteString + "/dxp")
        settings.receiptsURL = nil
        settings.senderID = harness.profile.dxpId
        settings.receiverID = harness.profile.receiverId
        let dispatcher = try Dispatcher(store: harness.store, settings: settings, signer: try SignerFactory.signer(for: harness.profile))
        let deadline = Date().addingTimeInterval(30)
        while try harness.store.unsettledDocuments() > 0, Date() < deadline {
            if try await dispatcher.sendDue() == 0 { try await Task.sleep(for: .milliseconds(20)) }
        }
        let status = try harness.store.status(now: Date())
        #expect(status.documentsByStatus["800"] == 24)
        #expect(status.documentsByStatus["120"] == 72)
    }
}
