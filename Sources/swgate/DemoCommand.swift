import Adapters
import ArgumentParser
import CEBMessages
import Foundation
import JSONWriting
import Gateway
import Outbox
import PlatformDataServer
import Logging
import SchemaValidation
import Signing
import Simulator
import ThreadSupport

/// `swgate demo`: what `make demo` runs — the main job, end to end, on this machine.
///
/// Starts the single-window simulator in-process on a free loopback port, submits the bonded
/// example batch into a fresh outbox, dispatches it (signing inventories with the demo key),
/// takes in customs' receipts, and prints every parcel with its documents' customs statuses. One
/// parcel passes swgate's preflight but customs rejects it: its buyer already used this year's
/// quota on other platforms, which only customs can know. Meanwhile customs asks, as under
/// announcement 179, for random orders' payment raw data: swgate answers and uploads it signed,
/// and the simulator checks every upload.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the bonded example end to end against the embedded simulator."
    )

    @Option(help: "Give up after this many seconds.")
    var maxWait = 60.0

    @Option(
        help: ArgumentHelp(
            "http (POST to the simulator) or folder (through the E-Port client's folders, the simulator playing the client).",
            valueName: "kind"))
    var transport = "http"

    func validate() throws {
        if !["http", "folder"].contains(transport) { throw ValidationError("--transport must be http or folder") }
    }

    @Flag(help: "Print one JSON document: the outbox, the parcels by outcome, the tax bills and the outbox check.")
    var json = false

    func run() async throws {
        let validator: SchemaValidator
        let examples: URL
        do {
            validator = try SchemaValidator()
            examples = validator.schemaDirectory.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("examples")
        } catch {
            Console.error("swgate demo: \(error.localizedDescription)")
            throw ExitCode(1)
        }
        let profile = try ProfileOptions.parse(["--config", examples.appendingPathComponent("swgate.json").path]).load()
        let signer = try SignerFactory.signer(for: profile)

        var configuration = SimulatorConfiguration()
        configuration.usedQuota = try QuotaFile.read(examples.appendingPathComponent("simulator-quota.json").path)
        if let certificate = profile.signing?.certificateFile { configuration.certificates = [try Data(contentsOf: certificate)] }
        configuration.taxRates = profile.tariff.mapValues { CrossBorderTax.Rates(vat: $0.vat, consumption: $0.consumption) }
        let outboxURL = FileManager.default.temporaryDirectory.appendingPathComponent(
            "swgate-demo-\(UUID().uuidString.prefix(8))", isDirectory: true)
        let store = try SQLOutbox(directory: outboxURL)
        // Announcement 179: the platform's platDataOpen, which the simulator calls as customs.
        let platformServer = try await PlatformDataServer.start(
            PlatformDataServerConfiguration(), store: store, logger: PlatformDataDemo.quietLogger)
        defer { platformServer.stop() }
        configuration.platformDataURL = platformServer.baseURL.appendingPathComponent("platDataOpen").absoluteString
        configuration.platformDataEvery = 0.5
        let folders = transport == "folder" ? try Self.folders(in: outboxURL) : nil
        if let folders { configuration.folderClient = FolderClientConfiguration(inbox: folders.send, outbox: folders.receive) }
        let simulator = try await SimulatorServer.start(configuration, validator: validator)
        defer { simulator.stop() }
        Console.output("simulator: \(simulator.baseURL.absoluteString)")
        Console.output("outbox:    \(outboxURL.path)")
        if let folders { Console.output("folders:   send \(folders.send.path), receive \(folders.receive.path)") }
        let uploads = try PlatformDataDemo.uploads(profile: profile, signer: signer, store: store, simulator: simulator.baseURL)
        try uploads?.start()
        defer { uploads?.stop() }

        let batch = examples.appendingPathComponent("bonded-batch.json")
        let report = try Submission(profile: profile, validator: validator, store: store).run(batch)
        IssueReport.print(report.issues)
        guard !report.failed, let result = report.result else {
            Console.error("swgate demo: the example batch did not pass the preflight")
            throw ExitCode(1)
        }
        Console.output("submitted: \(result.enqueuedDocuments) documents from \(batch.lastPathComponent)")

        var settings = DispatchSettings(endpoint: simulator.baseURL.absoluteString)
        settings.senderID = profile.dxpId
        settings.receiverID = profile.receiverId
        if let folders {
            var folder = FolderTransportSettings(send: folders.send, receive: folders.receive)
            folder.receiveSettle = 0
            settings.folder = folder
            settings.receiptsURL = nil
        }
        let worker = try Worker(store: store, settings: settings, signer: signer) { Console.error("swgate: \($0)") }
        let started = Date()
        let limits = RunLimits(untilSettled: true, maxWait: maxWait, idle: 0.02)
        if case .timedOut = try await worker.runOnOwnThread(limits, stop: LockedFlag()) {
            Console.error("swgate demo: not settled after \(Int(maxWait)) s")
            throw ExitCode(1)
        }
        let seconds = Date().timeIntervalSince(started)
        // Customs bills released inventories after release: take in what it still has to say.
        let billDeadline = Date().addingTimeInterval(10)
        while Date() < billDeadline {
            let waiting = await simulator.customs.pendingReceipts(now: Date())
            // A round blocks on libcurl while the simulator answers on the concurrency pool.
            let busy = try await BlockingWork.run("swgate-worker") { try worker.round() }
            if !busy && waiting == 0 { break }
            try await Task.sleep(for: .milliseconds(20))
        }

        let documents = try store.documents(DocumentFilter(limit: 10_000)).sorted { $0.id < $1.id }
        var byOrder: [String: [DocumentSummary]] = [:]
        var orders: [String] = []
        for document in documents {
            if byOrder[document.orderNo] == nil { orders.append(document.orderNo) }
            byOrder[document.orderNo, default: []].append(document)
        }
        var table = TextTable(columns: ["ORDER", "ORDER 311", "PAYMENT 411", "WAYBILL 511", "INVENTORY 621", "CUSTOMS SAYS"])
        table.maxCellWidth = 70
        var released = 0
        var rejected = 0
        for order in orders {
            let parcel = byOrder[order] ?? []
            func status(_ type: CEBMessageType) -> String {
                guard let document = parcel.first(where: { $0.messageType == type }) else { return "-" }
                return
                    "\(document.customsStatus ?? "?") \(ReturnStatus.meaning(of: document.customsStatus ?? "", for: type.receiptType ?? type).split(separator: " ").first ?? "")"
            }
            let inventory = parcel.first { $0.messageType == .ceb621 }
            if inventory?.customsStatus == "800" { released += 1 }
            if inventory?.customsStatus == "100" { rejected += 1 }
            let reason = inventory?.customsStatus == "100" ? (inventory?.customsInfo ?? "") : ""
            table.add([order, status(.ceb311), status(.ceb411), status(.ceb511), status(.ceb621), reason])
        }
        Console.output(table.render())
        Console.output(String(format: "%d parcels released (800), %d rejected by customs (100), in %.1f s", released, rejected, seconds))
        let reconciliation = TaxReconciliation(
            tariff: profile.tariff.mapValues { CrossBorderTax.Rates(vat: $0.vat, consumption: $0.consumption) })
        let taxTotals = try reconciliation.walk(store, month: nil) { _ in }
        Console.output(
            "tax bills: \(taxTotals.all.bills) for \(released) released inventories, billed \(TaxRowOutput.money(taxTotals.all.billed)) against \(TaxRowOutput.money(taxTotals.all.withheld)) withheld, \(taxTotals.mismatches) mismatched (swgate tax report --outbox \(outboxURL.path))"
        )
        let platformData = await PlatformDataDemo.wait(for: simulator, store: store, orders: 3)
        Console.output(PlatformDataDemo.line(platformData))
        let doctor = try store.check()
        Console.output(doctor.isEmpty ? "outbox check: ok" : "outbox check: \(doctor.joined(separator: "; "))")
        if json {
            Console.json([
                ("outbox", .string(outboxURL.path)), ("parcels", .int(orders.count)), ("released", .int(released)),
                ("rejected", .int(rejected)), ("seconds", .number(String(format: "%.1f", seconds))),
                ("taxBillCount", .int(taxTotals.all.bills)), ("taxMismatches", .int(taxTotals.mismatches)),
                ("outboxCheck", .array(doctor.map { .string($0) })),
                ("platformData", .object(PlatformDataDemo.json(platformData))),
            ])
        }
        if !doctor.isEmpty { throw ExitCode(1) }
    }

    /// The E-Port client's two folders, beside the demo's outbox.
    static func folders(in outbox: URL) throws -> (send: URL, receive: URL) {
        let base = outbox.deletingLastPathComponent().appendingPathComponent(outbox.lastPathComponent + "-eport", isDirectory: true)
        let send = base.appendingPathComponent("send", isDirectory: true)
        let receive = base.appendingPathComponent("receive", isDirectory: true)
        for folder in [send, receive] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        return (send, receive)
    }
}
