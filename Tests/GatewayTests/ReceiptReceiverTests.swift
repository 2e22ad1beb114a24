import Adapters
import CEBMessages
import Foundation
import Gateway
import Outbox
import ReceiptReceiver
import SchemaValidation
import SwgateTestSupport
import Simulator
import Testing
import HTTPClient
import Transport

@Suite("Push receiver over real HTTP on loopback")
struct ReceiptReceiverTests {
    @Test("200 only once stored; 401 without the token, 400 for garbage, 413 when too large; off loopback it needs a token")
    func push() async throws {
        let harness = try await GatewayHarness.start()
        defer { harness.stop() }
        try harness.markAllSent()
        var configuration = ReceiptReceiverConfiguration()
        configuration.token = "push-token"
        configuration.maxBytes = 64 * 1024
        let receiver = try await ReceiptReceiver.start(configuration, intake: ReceiptIntake(store: harness.store))
        defer { receiver.stop() }
        let url = receiver.baseURL.appendingPathComponent("receipts").absoluteString

        let order = try #require(try harness.store.documents(DocumentFilter(type: .ceb311, limit: 1)).first)
        guard case .ceb311(let message) = try AnyCEBMessage.parse(try #require(try harness.store.details(String(order.id)).first).payload)
        else {
            Issue.record("not an order")
            return
        }
        let head = message.orders[0].head
        let receipt = CEB312Message(returns: [
            OrderReturn(
                guid: order.guid, ebpCode: head.ebpCode, ebcCode: head.ebcCode, orderNo: head.orderNo, returnStatus: "120",
                returnTime: "20261125103000000", returnInfo: "pushed")
        ]).xmlData()

        let anonymous = try CurlClient(configuration: HTTPConfiguration())
        #expect(try await anonymous.post(url, body: receipt, contentType: "application/xml").status == 401)
        #expect(try harness.store.documents(DocumentFilter(type: .ceb311, orderNo: head.orderNo)).first?.customsStatus == nil)

        var authorised = HTTPConfiguration()
        authorised.bearerToken = "push-token"
        let client = try CurlClient(configuration: authorised)
        let garbage = try await client.post(url, body: Data("<<<".utf8), contentType: "application/xml")
        #expect(garbage.status == 400)
        #expect(String(decoding: garbage.body, as: UTF8.self).contains("error"))
        #expect(try await client.post(url, body: Data(repeating: 0x41, count: 100 * 1024), contentType: "application/xml").status == 413)

        let accepted = try await client.post(url, body: receipt, contentType: "application/xml")
        #expect(accepted.status == 200)
        #expect(String(decoding: accepted.body, as: UTF8.self).contains("\"applied\": 1"))
        // Durable: a second connection to the outbox sees it.
        let reopened = try SQLOutbox(directory: harness.folder.appendingPathComponent("outbox"))
        #expect(try reopened.documents(DocumentFilter(type: .ceb311, orderNo: head.orderNo)).first?.customsStatus == "120")
        let again = try await client.post(url, body: receipt, contentType: "application/xml")
        #expect(String(decoding: again.body, as: UTF8.self).contains("\"duplicates\": 1"))

        var remote = ReceiptReceiverConfiguration()
        remote.host = "0.0.0.0"
        await #expect(throws: ReceiptReceiverError.self) {
            _ = try await ReceiptReceiver.start(remote, intake: ReceiptIntake(store: harness.store))
        }
    }

    @Test("end to end by push only: the simulator posts duplicated, reordered receipts to the receiver; every document settles")
    func simulatorPushes() async throws {
        let folder = try Fixtures.temporaryDirectory("swgate-push")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let store = try SQLOutbox(directory: folder.appendingPathComponent("outbox"))
        var receiverConfiguration = ReceiptReceiverConfiguration()
        receiverConfiguration.token = "relay"
        let receiver = try await ReceiptReceiver.start(receiverConfiguration, intake: ReceiptIntake(store: store))
        var simulatorConfiguration = SimulatorConfiguration()
        simulatorConfiguration.stageDelay = 0.02
        simulatorConfiguration.duplicateReceipts = true
        simulatorConfiguration.reorderReceipts = true
        simulatorConfiguration.pushURL = receiver.baseURL.appendingPathComponent("receipts").absoluteString
        simulatorConfiguration.pushToken = "relay"
        let simulator = try await SimulatorServer.start(simulatorConfiguration)
        // The pusher must be done before the receiver stops: nothing may connect to a stopping server.
        defer {
            Task {
                await simulator.shutdown(); await receiver.shutdown()
            }
        }

        let profile = try EnterpriseProfile.load(contentsOf: Fixtures.checkout.appendingPathComponent("examples/swgate.json"))
        let report = try Submission(profile: profile, validator: try SchemaValidator(), store: store).run(
            Fixtures.checkout.appendingPathComponent("examples/bonded-batch.json"))
        #expect(!report.failed)
        var settings = DispatchSettings(endpoint: simulator.baseURL.absoluteString + "/dxp")
        settings.receiptsURL = nil
        settings.senderID = profile.dxpId
        settings.receiverID = profile.receiverId
        let dispatcher = try Dispatcher(store: store, settings: settings, signer: try SignerFactory.signer(for: profile))
        // Each receipt is posted and committed on its own (two copies of each): ample time for a
        // machine busy with other tests; a run on its own settles in seconds.
        let deadline = Date().addingTimeInterval(120)
        while try store.unsettledDocuments() > 0, Date() < deadline {
            if try await dispatcher.sendDue() == 0 { try await Task.sleep(for: .milliseconds(20)) }
        }
        let status = try store.status(now: Date())
        #expect(status.documentsByStatus["800"] == 24)
        #expect(status.documentsByStatus["120"] == 72)
        #expect(try store.check().isEmpty)
    }
}
