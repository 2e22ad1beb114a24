import Adapters
import AdminServer
import CEBMessages
import Foundation
import HTTPClient
@testable import Gateway
import Outbox
import SchemaValidation
import Signing
import SwgateTestSupport
import Testing

/// The E-Port client's folder exchange with real folders on disk: atomic, named, never twice,
/// never through a link; a folder that cannot take files leaves messages queued.
@Suite("Folder transport: the send folder", .serialized)
struct FolderTransportTests {
    static let profileURL = Fixtures.checkout.appendingPathComponent("examples/swgate.json")

    static func message(guid: String = "A1B2C3D4-0000-4000-8000-000000000001", appTime: String = "20261125103000000") -> Data {
        Data(
            """
            <?xml version="1.0" encoding="UTF-8"?><ceb:CEB311Message guid="\(guid)" version="1.0" xmlns:ceb="http://www.chinaport.gov.cn/ceb"><ceb:Order><ceb:OrderHead><ceb:guid>\(guid)</ceb:guid><ceb:appTime>\(appTime)</ceb:appTime><ceb:orderNo>HT1</ceb:orderNo></ceb:OrderHead></ceb:Order></ceb:CEB311Message>
            """.utf8)
    }

    static func names(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    @Test("a message is published under <Type>_<guid>.xml, complete, nothing else left; again it is recognised, not rewritten")
    func publishOnce() throws {
        let folder = try Fixtures.temporaryDirectory("swgate-send")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let delivery = FolderDelivery(settings: FolderTransportSettings(send: folder))
        let first = Self.message()
        #expect(delivery.deliver(type: .ceb311, guid: "G1", payload: first, contents: first) == .written)
        #expect(try Self.names(folder) == ["CEB311Message_G1.xml"])
        #expect(try Data(contentsOf: folder.appendingPathComponent("CEB311Message_G1.xml")) == first)
        // The next attempt stamps another appTime: the same message, recognised and left as it is.
        let restamped = Self.message(appTime: "20261125103001000")
        #expect(delivery.deliver(type: .ceb311, guid: "G1", payload: first, contents: restamped) == .alreadyThere)
        #expect(try Data(contentsOf: folder.appendingPathComponent("CEB311Message_G1.xml")) == first)
        // Someone else's file under the name is never overwritten.
        let other = Self.message(guid: "FFFFFFFF-0000-4000-8000-000000000009")
        if case .conflict = delivery.deliver(type: .ceb311, guid: "G1", payload: other, contents: other) {
        } else {
            Issue.record("a different file under the name must be a conflict")
        }
        #expect(try Data(contentsOf: folder.appendingPathComponent("CEB311Message_G1.xml")) == first)
    }

    @Test("the DxpMsg format: the envelope's message is what is compared")
    func dxpFormat() throws {
        let payload = Self.message()
        let envelope = DxpEnvelope(
            transInfo: DxpTransInfo(copMsgId: "T1", senderId: "S", receiverIds: ["R"], creatTime: Date(), msgType: "CEB311Message"),
            data: Self.message(appTime: "20261125103009000"), fileName: "x.xml")
        #expect(FolderDelivery.sameMessage(envelope.xmlData(), as: payload, format: .dxp))
        #expect(!FolderDelivery.sameMessage(envelope.xmlData(), as: Self.message(guid: "other"), format: .dxp))
        #expect(!FolderDelivery.sameMessage(payload, as: payload, format: .dxp), "a bare message is not an envelope")
    }

    @Test("a send folder that is a symbolic link is refused, and nothing is written where it points")
    func linkedFolder() throws {
        let base = try Fixtures.temporaryDirectory("swgate-send-link")
        defer { Fixtures.removeTemporaryDirectory(base) }
        let target = base.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        let link = base.appendingPathComponent("send")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
        let delivery = FolderDelivery(settings: FolderTransportSettings(send: link))
        let result = delivery.deliver(type: .ceb311, guid: "G1", payload: Self.message(), contents: Self.message())
        #expect(result != .written && result != .alreadyThere)
        #expect(try Self.names(target).isEmpty)
        #expect(SendFolderProbe(settings: FolderTransportSettings(send: link)).check().blocked != nil)
    }

    /// An outbox with the bonded example submitted, and a dispatcher writing into `send`.
    static func dispatcher(send: URL, configure: (inout FolderTransportSettings) -> Void = { _ in }) throws -> (SQLOutbox, Dispatcher) {
        let folder = try Fixtures.temporaryDirectory("swgate-folder-outbox")
        let profile = try EnterpriseProfile.load(contentsOf: profileURL)
        let store = try SQLOutbox(directory: folder.appendingPathComponent("outbox"))
        let report = try Submission(profile: profile, validator: try SchemaValidator(), store: store).run(
            Fixtures.checkout.appendingPathComponent("examples/bonded-batch.json"))
        precondition(!report.failed)
        var settings = DispatchSettings(endpoint: "folder:")
        var transport = FolderTransportSettings(send: send)
        configure(&transport)
        settings.folder = transport
        settings.receiptsURL = nil
        settings.senderID = profile.dxpId
        return (store, try Dispatcher(store: store, settings: settings, signer: try SignerFactory.signer(for: profile)))
    }

    @Test("a round writes every due message, valid under the official schema, and records each written")
    func dispatchRound() throws {
        let send = try Fixtures.temporaryDirectory("swgate-send-round")
        defer { Fixtures.removeTemporaryDirectory(send) }
        let (store, dispatcher) = try Self.dispatcher(send: send)
        #expect(try dispatcher.sendDue() == 72)
        let files = try Self.names(send)
        #expect(files.count == 72 && files.allSatisfy { $0.hasSuffix(".xml") && !$0.hasPrefix(".") })
        let validator = try SchemaValidator()
        for file in files.prefix(10) {
            #expect(validator.validate(try Data(contentsOf: send.appendingPathComponent(file))).isValid, "\(file)")
        }
        #expect(try store.status(now: Date()).messagesByState["sent"] == 72)
        #expect(dispatcher.folderState.latest?.waiting == 0, "looked at before the round")
        let report = SendFolderProbe(settings: FolderTransportSettings(send: send)).check()
        #expect(report.waiting == 72 && !report.clientDown)
    }

    @Test("below the free space kept, nothing is claimed: the messages stay queued, and the folder says why")
    func fullFolder() throws {
        let send = try Fixtures.temporaryDirectory("swgate-send-full")
        defer { Fixtures.removeTemporaryDirectory(send) }
        let (store, dispatcher) = try Self.dispatcher(send: send) { $0.minFreeBytes = Int64.max }
        #expect(try dispatcher.sendDue() == 0)
        #expect(try Self.names(send).isEmpty)
        #expect(try store.status(now: Date()).messagesByState["queued"] == 96)
        #expect(dispatcher.folderState.latest?.blocked?.contains("minFreeBytes") == true)
    }

    @Test("a file system that fills up mid-round: the messages it refused go back to the queue, none dead, none half-written")
    func diskFull() throws {
        let mount = try Fixtures.temporaryDirectory("swgate-tmpfs")
        defer {
            _ = try? Fixtures.runTool("/bin/umount", [mount.path])
            Fixtures.removeTemporaryDirectory(mount)
        }
        // A 64 KiB tmpfs needs root; without it the free-space threshold above stands in.
        guard getuid() == 0, (try? Fixtures.runTool("/bin/mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", mount.path])) == 0 else {
            return
        }
        let (store, dispatcher) = try Self.dispatcher(send: mount) { $0.minFreeBytes = 0 }
        _ = try dispatcher.sendDue()
        let written = try Self.names(mount).filter { !$0.hasPrefix(".") }
        #expect(!written.isEmpty && written.count < 72, "the file system held \(written.count) files")
        let states = try store.status(now: Date()).messagesByState
        #expect(states["sent"] == written.count)
        #expect(states["dead"] == nil && states["retry-wait"] == nil)
        #expect(states["queued"] == 96 - written.count)
        #expect(try Self.names(mount).allSatisfy { !$0.hasSuffix(".swgate-tmp") }, "no temporary file left")
        #expect(dispatcher.folderState.latest?.blocked == nil)
    }

    @Test("files the client does not pick up raise the alert after pickupWithin; a killed writer's temporary files are removed")
    func clientDown() throws {
        let send = try Fixtures.temporaryDirectory("swgate-send-alert")
        defer { Fixtures.removeTemporaryDirectory(send) }
        var settings = FolderTransportSettings(send: send)
        settings.pickupWithin = 60
        try Self.message().write(to: send.appendingPathComponent("CEB311Message_G1.xml"))
        try Data("partial".utf8).write(to: send.appendingPathComponent(".CEB311Message_G2.xml.swgate-tmp"))
        let probe = SendFolderProbe(settings: settings)
        #expect(!probe.check().clientDown)
        let later = Date().addingTimeInterval(120)
        let report = probe.check(now: later, staleAfter: 60)
        #expect(report.clientDown && report.waiting == 1)
        #expect(report.problems.contains { $0.contains("not picking up") })
        #expect(try Self.names(send) == ["CEB311Message_G1.xml"])
    }

    @Test("/healthz turns 503 and /metrics says so when the client stops picking up")
    func healthz() async throws {
        let send = try Fixtures.temporaryDirectory("swgate-send-health")
        defer { Fixtures.removeTemporaryDirectory(send) }
        let (store, dispatcher) = try Self.dispatcher(send: send) { $0.pickupWithin = 60 }
        _ = try await dispatcher.sendDue()
        // The dispatcher looks again a while later: nothing was picked up.
        dispatcher.folderState.update(
            SendFolderProbe(settings: dispatcher.settings.folder!).check(now: Date().addingTimeInterval(120)), at: Date())
        let heartbeat = WorkerHeartbeat()
        heartbeat.dispatched()
        let probe = AdminServer.WorkerProbe(
            heartbeat: heartbeat, polling: false, breakerOpen: { false }, certificateDaysLeft: nil, sendFolder: dispatcher.folderState)
        let admin = try await AdminServer.start(port: 0, token: nil, store: store, metrics: dispatcher.metrics, worker: probe)
        defer { admin.stop() }
        let client = try CurlClient(configuration: HTTPConfiguration())
        let health = try await client.get(admin.baseURL.appendingPathComponent("healthz").absoluteString)
        #expect(health.status == 503)
        #expect(String(decoding: health.body, as: UTF8.self).contains("not picking up"))
        let metrics = String(
            decoding: try await client.get(admin.baseURL.appendingPathComponent("metrics").absoluteString).body, as: UTF8.self)
        #expect(metrics.contains("swgate_send_folder_client_down 1") && metrics.contains("swgate_send_folder_waiting 72"))
    }
}
