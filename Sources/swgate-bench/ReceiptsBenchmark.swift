import Adapters
import ArgumentParser
import CEBMessages
import Foundation
import Gateway
import Outbox
import SchemaValidation

/// `swgate-bench receipts`: receipts applied/s from files into an outbox holding many documents.
struct ReceiptsBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receipts", abstract: "Receipt files applied per second into a large outbox.")

    @Option(help: "Parcels in the outbox (four documents each).") var parcels = 25_000
    @Option(help: "Receipt files to apply.") var receipts = 20_000
    @Flag(help: "One JSON object per line.") var json = false

    func run() throws {
        let folder = try BenchSupport.scratch("receipts")
        defer { try? FileManager.default.removeItem(at: folder) }
        let profile = try BenchSupport.profile(signing: false)
        let validator = try SchemaValidator()
        let store = try SQLOutbox(directory: folder.appendingPathComponent("outbox"))
        _ = try Submission(profile: profile, validator: validator, store: store).run(
            try BenchSupport.batch(parcels: parcels, seed: 3, in: folder))
        // Customs answers only what it was sent: record every message delivered once, as a worker would.
        try BenchSupport.markDelivered(store)
        let inbox = folder.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        let orders = try store.documents(DocumentFilter(type: .ceb311, limit: receipts))
        var files: [URL] = []
        for (index, order) in orders.enumerated() {
            let parts = order.businessKey.split(separator: ":", maxSplits: 1).map(String.init)
            let receipt = CEB312Message(returns: [
                OrderReturn(
                    guid: CEBGuid.make(), ebpCode: parts[0], ebcCode: parts[0], orderNo: parts[1], returnStatus: "120",
                    returnTime: "20261125103000000", returnInfo: "[Code:1800;Desc:逻辑校验通过]")
            ])
            let url = inbox.appendingPathComponent("r\(index).xml")
            try receipt.xmlData().write(to: url)
            files.append(url)
        }
        let intake = ReceiptIntake(store: store)
        // Flush what the set-up wrote (the outbox, 20,000 files), so that the timed fsyncs are
        // the intake's own and not the kernel's writeback of the set-up; and copy the set-up's
        // write-ahead log (~550 MB, one transaction) into the database first, which the outbox's
        // checkpoint thread would otherwise be doing during the measurement.
        try store.checkpointLog()
        sync()
        var applied = 0
        let cpuBefore = Stopwatch.threadCPUSeconds()
        let seconds = try Stopwatch.time {
            // The path of `swgate receipts import`: read and parse on every core, apply in groups.
            applied = try ReceiptFileImport(intake: intake).run(
                files.map(\.path), source: { _ in "bench" }, read: { try ReceiptFileReader.read($0) }
            ) { _, _ in }.applied
        }
        let cpuAfter = Stopwatch.threadCPUSeconds()
        let perReceipt = { (seconds: Double) in BenchmarkResult.number(seconds * 1e6 / Double(max(applied, 1))) }
        guard applied == files.count else { throw ValidationError("applied \(applied) of \(files.count)") }
        var result = BenchmarkResult(benchmark: "receipts", unit: "receipts/s", rate: Double(applied) / seconds, seconds: seconds)
        result.extra = [
            ("outboxDocuments", String(parcels * 4)), ("receipts", String(applied)),
            // The applying thread sets the pace: its CPU time per answer, user and kernel.
            ("applyingUserMicros", perReceipt(cpuAfter.user - cpuBefore.user)),
            ("applyingSystemMicros", perReceipt(cpuAfter.system - cpuBefore.system)),
        ]
        result.print(json: json)
    }
}
