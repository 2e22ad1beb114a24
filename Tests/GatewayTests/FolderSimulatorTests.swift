import Adapters
import Foundation
import Gateway
import Outbox
import Signing
import Simulator
import SwgateTestSupport
import Testing

/// The whole folder exchange against the simulator playing the E-Port client, with its faults:
/// a slow pickup, duplicated and reordered receipts, garbage among them.
@Suite("Folder transport against the simulator's client")
struct FolderSimulatorTests {
    @Test("every parcel settles through the folders; garbage receipts are quarantined, duplicates change nothing")
    func faults() async throws {
        let folder = try Fixtures.temporaryDirectory("swgate-folder-sim")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let send = folder.appendingPathComponent("send", isDirectory: true)
        let receive = folder.appendingPathComponent("receive", isDirectory: true)
        for path in [send, receive] { try FileManager.default.createDirectory(at: path, withIntermediateDirectories: true) }
        let harness = try await GatewayHarness.start { configuration in
            var client = FolderClientConfiguration(inbox: send, outbox: receive)
            client.pickupDelay = 0.2
            client.garbageRate = 1
            configuration.folderClient = client
            configuration.duplicateReceipts = true
            configuration.reorderReceipts = true
            configuration.certificates = [
                (try? Data(contentsOf: Fixtures.checkout.appendingPathComponent("examples/keys/demo-rsa.cert.pem"))) ?? Data()
            ]
        }
        defer { harness.stop() }
        var settings = harness.settings()
        var transport = FolderTransportSettings(send: send, receive: receive)
        transport.receiveSettle = 0
        settings.folder = transport
        settings.receiptsURL = nil
        let worker = try Worker(store: harness.store, settings: settings, signer: try SignerFactory.signer(for: harness.profile))
        let end = try await worker.runOnOwnThread(RunLimits(untilSettled: true, maxWait: 60, idle: 0.02), stop: LockedFlag())
        #expect(end.isSettled)
        let status = try harness.store.status(now: Date())
        #expect(status.documentsByStatus["800"] ?? 0 == 24, "\(status.documentsByStatus)")
        let quarantined = try FileManager.default.contentsOfDirectory(atPath: receive.appendingPathComponent("quarantine").path)
        #expect(quarantined.contains { $0.hasPrefix("garbage-") && $0.hasSuffix(".err") })
        #expect(try FileManager.default.contentsOfDirectory(atPath: send.path).filter { !$0.hasPrefix(".") }.isEmpty, "all picked up")
    }
}
