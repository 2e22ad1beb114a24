import ArgumentParser
import CEBMessages
import Foundation
import Gateway
import Outbox
import SchemaValidation

/// `swgate-bench tax`: CEB816 bills applied per second from files into an outbox of many released
/// inventories, then a month's `swgate tax report` over a ledger of a million bills, with the
/// report process's time and peak memory at a tenth of that and at the whole (flat memory: the
/// two peaks should be alike).
struct TaxBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tax", abstract: "Tax bills applied per second, and a month's tax report over a large ledger.")

    @Option(help: "Parcels (released inventories) in the outbox.") var inventories = 100_000
    @Option(help: "Bills in the ledger for the report (the rest are for inventories the outbox does not hold).") var ledger = 1_000_000
    @Flag(help: "One JSON object per line.") var json = false

    func run() throws {
        let folder = try BenchSupport.scratch("tax")
        defer { try? FileManager.default.removeItem(at: folder) }
        let profile = try BenchSupport.profile(signing: false)
        let store = try SQLOutbox(directory: folder.appendingPathComponent("outbox"))
        _ = try Submission(profile: profile, validator: try SchemaValidator(), store: store).run(
            try BenchSupport.batch(parcels: inventories, seed: 5, in: folder))
        try BenchSupport.markDelivered(store)
        let intake = ReceiptIntake(store: store, archive: false)
        // Release every inventory with a number, as customs' CEB622 800 does.
        let documents = try store.documents(DocumentFilter(type: .ceb621, limit: inventories))
        var numbers: [String] = []
        for group in stride(from: 0, to: documents.count, by: 2_000) {
            var answers: [IncomingReceipt] = []
            for (offset, document) in documents[group..<min(group + 2_000, documents.count)].enumerated() {
                let invtNo = "2991" + "2026" + "I" + String(format: "%09d", group + offset)
                numbers.append(invtNo)
                let receipt = CEB622Message(returns: [
                    InventoryReturn(
                        guid: document.guid, copNo: "", preNo: "B\(group + offset)", invtNo: invtNo, returnStatus: "800",
                        returnTime: "20261115100000000", returnInfo: "[Code:2600;Desc:放行]")
                ])
                answers += try intake.prepare(receipt.xmlData(), source: "bench")
            }
            _ = try intake.apply(answers)
        }
        // One bill a released inventory, as files.
        let inbox = folder.appendingPathComponent("bills")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        var files: [String] = []
        for (index, invtNo) in numbers.enumerated() {
            let url = inbox.appendingPathComponent("b\(index).xml")
            try Self.bill(invtNo, vat: Decimal(index % 500) / 10).xmlData().write(to: url)
            files.append(url.path)
        }
        try store.checkpointLog()
        sync()
        var applied = 0
        let seconds = try Stopwatch.time {
            applied = try ReceiptFileImport(intake: intake).run(files, source: { _ in "bench" }, read: { try ReceiptFileReader.read($0) }) {
                _, _ in
            }
            .applied
        }
        guard applied == files.count else { throw ValidationError("applied \(applied) of \(files.count) bills") }
        let small = try Self.report(store: store, outbox: folder.appendingPathComponent("outbox"))
        // The rest of the ledger: bills for inventories this outbox does not hold, applied in groups.
        var next = numbers.count
        while next < ledger {
            var answers: [IncomingReceipt] = []
            for index in next..<min(next + 5_000, ledger) {
                answers += try intake.prepare(Self.bill("X" + String(format: "%017d", index), vat: 9).xmlData(), source: "bench")
            }
            _ = try intake.apply(answers)
            next += 5_000
        }
        try store.checkpointLog()
        let large = try Self.report(store: store, outbox: folder.appendingPathComponent("outbox"))
        var result = BenchmarkResult(benchmark: "tax", unit: "bills/s", rate: Double(applied) / seconds, seconds: seconds)
        result.extra = [
            ("outboxInventories", String(inventories)), ("billsApplied", String(applied)),
            ("reportBillsSmall", String(numbers.count)), ("reportSecondsSmall", small.map { BenchmarkResult.number($0.seconds) } ?? "null"),
            ("reportPeakRSSBytesSmall", small.map { String($0.peak) } ?? "null"),
            ("reportBillsLarge", String(max(ledger, numbers.count))),
            ("reportSecondsLarge", large.map { BenchmarkResult.number($0.seconds) } ?? "null"),
            ("reportPeakRSSBytesLarge", large.map { String($0.peak) } ?? "null"),
        ]
        result.print(json: json)
    }

    static func bill(_ invtNo: String, vat: Decimal) -> CEB816Message {
        CEB816Message(taxBills: [
            TaxBill(
                head: TaxHeadRd(
                    guid: CEBGuid.make(), returnTime: "20261116100000000", invtNo: invtNo, taxNo: "TX" + invtNo, customsTax: 0,
                    valueAddedTax: vat,
                    consumptionTax: 0, status: "1", assureCode: "3301960XYZ"),
                lines: [TaxListRd(gnum: 1, gcode: "3304990099", taxPrice: vat * 11, customsTax: 0, valueAddedTax: vat, consumptionTax: 0)])
        ])
    }

    /// Time and peak memory of `swgate tax report --month 2026-11 --jsonl` as its own process;
    /// nil when no `swgate` sits beside the benchmark.
    static func report(store: SQLOutbox, outbox: URL) throws -> (seconds: Double, peak: Int)? {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("swgate")
        guard FileManager.default.isExecutableFile(atPath: executable.path) else { return nil }
        let memory = outbox.deletingLastPathComponent().appendingPathComponent("report-peak-memory")
        let process = Process()
        process.executableURL = executable
        process.arguments = ["tax", "report", "--outbox", outbox.path, "--month", "2026-11", "--jsonl", "--config", "/nonexistent"]
        process.environment = ProcessInfo.processInfo.environment.merging(["SWGATE_PEAK_MEMORY_FILE": memory.path]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let seconds = try Stopwatch.time {
            try process.run()
            process.waitUntilExit()
        }
        // Exit 1 is a report with mismatches or alerts (the bills are synthetic): not a failure.
        guard process.terminationStatus <= 1 else { throw ValidationError("swgate tax report failed (\(process.terminationStatus))") }
        let text = try String(contentsOf: memory, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        return (seconds, Int(text) ?? 0)
    }
}
