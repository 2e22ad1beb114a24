import Adapters
import Foundation
import Gateway
import Outbox
import SchemaValidation
import Signing
import Simulator
import SwgateTestSupport
import ThreadSupport

/// A fresh outbox with the bonded example submitted, and a simulator on loopback.
struct GatewayHarness {
    let folder: URL
    let store: SQLOutbox
    let profile: EnterpriseProfile
    let simulator: SimulatorServer
    let validator: SchemaValidator

    static func start(_ configure: (inout SimulatorConfiguration) -> Void = { _ in }, signing: Bool = true) async throws -> GatewayHarness {
        let folder = try Fixtures.temporaryDirectory("swgate-gateway")
        var profile = try EnterpriseProfile.load(contentsOf: Fixtures.checkout.appendingPathComponent("examples/swgate.json"))
        if !signing { profile.signing = nil }
        let validator = try SchemaValidator()
        var configuration = SimulatorConfiguration()
        configuration.stageDelay = 0.02
        configure(&configuration)
        let simulator = try await SimulatorServer.start(configuration, validator: validator)
        let store = try SQLOutbox(directory: folder.appendingPathComponent("outbox"))
        let report = try Submission(profile: profile, validator: validator, store: store).run(
            Fixtures.checkout.appendingPathComponent("examples/bonded-batch.json"))
        precondition(!report.failed, "the example batch must submit")
        return GatewayHarness(folder: folder, store: store, profile: profile, simulator: simulator, validator: validator)
    }

    func settings(_ configure: (inout DispatchSettings) -> Void = { _ in }) -> DispatchSettings {
        var settings = DispatchSettings(endpoint: simulator.baseURL.absoluteString)
        settings.senderID = profile.dxpId
        settings.receiverID = profile.receiverId
        settings.backoffBase = 0.05
        settings.backoffCap = 0.3
        configure(&settings)
        return settings
    }

    /// Sends and polls until every document is settled or `seconds` pass; returns whether settled.
    /// `signing` replaces the profile's signing section; `environment` is what the signer factory sees.
    func runUntilSettled(
        _ settings: DispatchSettings, seconds: TimeInterval = 30, signing: SigningSettings? = nil, environment: [String: String] = [:]
    ) async throws -> Bool {
        var profile = self.profile
        if let signing { profile.signing = signing }
        let signer = try SignerFactory.signer(for: profile, environment: environment)
        let dispatcher = try Dispatcher(store: store, settings: settings, signer: signer)
        let poller = try settings.receiptsURL.map {
            try ReceiptPoller(
                url: $0, intake: ReceiptIntake(store: store, acceptanceStatus: settings.acceptanceStatus), http: settings.http)
        }
        // Sending and polling block on libcurl while the simulator answers on the concurrency pool.
        return try await BlockingWork.run { [store] in
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                _ = try store.recoverExpiredLeases(now: Date())
                let sent = try dispatcher.sendDue()
                let received = try? poller?.poll()
                if try store.unsettledDocuments() == 0 { return true }
                if sent == 0, (received?.applied ?? 0) == 0 { Thread.sleep(forTimeInterval: 0.02) }
            }
            return false
        }
    }

    func stop() {
        simulator.stop()
        Fixtures.removeTemporaryDirectory(folder)
    }
}
