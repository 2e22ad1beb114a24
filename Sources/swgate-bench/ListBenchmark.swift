import ArgumentParser
import Foundation
import Gateway
import Outbox
import SchemaValidation

/// `swgate-bench list`: `swgate list --jsonl` and `swgate export --jsonl` as their own processes
/// over an outbox of 100,000 documents — rows per second and peak memory at a tenth of the rows
/// a half and all of them — streamed, so memory stops growing once SQLite's page cache (64 MiB) is
/// full — with `list --json` (one document, held whole) beside them for contrast.
struct ListBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "list --jsonl and export --jsonl over 100,000 documents: rows/s and peak memory.")

    @Option(help: "Parcels in the outbox (four documents each).") var parcels = 25_000
    @Flag(help: "One JSON object per line.") var json = false

    func run() throws {
        let folder = try BenchSupport.scratch("list")
        defer { try? FileManager.default.removeItem(at: folder) }
        let outbox = folder.appendingPathComponent("outbox")
        let store = try SQLOutbox(directory: outbox)
        _ = try Submission(profile: try BenchSupport.profile(signing: false), validator: try SchemaValidator(), store: store).run(
            try BenchSupport.batch(parcels: parcels, seed: 11, in: folder))
        try store.checkpointLog()
        let documents = parcels * 4
        let tenth = max(1, documents / 10)
        guard let small = try Self.measure(["list", "--jsonl", "--limit", String(tenth)], outbox: outbox, folder: folder),
            let half = try Self.measure(["list", "--jsonl", "--limit", String(documents / 2)], outbox: outbox, folder: folder),
            let large = try Self.measure(["list", "--jsonl", "--limit", String(documents)], outbox: outbox, folder: folder),
            let export = try Self.measure(["export", "--jsonl"], outbox: outbox, folder: folder),
            let whole = try Self.measure(["list", "--json", "--limit", String(documents)], outbox: outbox, folder: folder)
        else { throw ValidationError("no swgate beside swgate-bench: build it (swift build -c release --product swgate)") }
        guard large.rows == documents, small.rows == tenth, export.rows == documents else {
            throw ValidationError("list printed \(large.rows) of \(documents) rows")
        }
        var result = BenchmarkResult(benchmark: "list", unit: "rows/s", rate: Double(large.rows) / large.seconds, seconds: large.seconds)
        result.extra = [
            ("documents", String(documents)), ("jsonlPeakRSSBytesTenth", String(small.peak)),
            ("jsonlPeakRSSBytesHalf", String(half.peak)), ("jsonlPeakRSSBytesAll", String(large.peak)),
            ("exportJsonlSeconds", BenchmarkResult.number(export.seconds)), ("exportJsonlPeakRSSBytes", String(export.peak)),
            ("jsonDocumentSeconds", BenchmarkResult.number(whole.seconds)), ("jsonDocumentPeakRSSBytes", String(whole.peak)),
        ]
        result.print(json: json)
    }

    /// Time, peak memory (as the process reports it) and lines printed of one `swgate` run; nil
    /// when no `swgate` sits beside the benchmark.
    static func measure(_ arguments: [String], outbox: URL, folder: URL) throws -> (seconds: Double, peak: Int, rows: Int)? {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("swgate")
        guard FileManager.default.isExecutableFile(atPath: executable.path) else { return nil }
        let memory = folder.appendingPathComponent("peak-memory")
        let output = folder.appendingPathComponent("output")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        defer { try? handle.close() }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments + ["--outbox", outbox.path]
        process.environment = ProcessInfo.processInfo.environment.merging(["SWGATE_PEAK_MEMORY_FILE": memory.path]) { $1 }
        process.standardOutput = handle
        process.standardError = FileHandle.nullDevice
        let seconds = try Stopwatch.time {
            try process.run()
            process.waitUntilExit()
        }
        guard process.terminationStatus == 0 else { throw ValidationError("swgate \(arguments.joined(separator: " ")) failed") }
        var rows = 0
        let reader = try FileHandle(forReadingFrom: output)
        defer { try? reader.close() }
        while let chunk = try reader.read(upToCount: 1 << 20), !chunk.isEmpty { rows += chunk.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } }
        let text = try String(contentsOf: memory, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        return (seconds, Int(text) ?? 0, rows)
    }
}
