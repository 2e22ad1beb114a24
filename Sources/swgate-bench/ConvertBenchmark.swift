import Adapters
import ArgumentParser
import Foundation
import Gateway
import SchemaValidation
import SyntheticData

/// `swgate-bench convert`: documents/s for convert + validate of a generated batch, and peak
/// memory as a JSON Lines batch grows tenfold.
///
/// Each size runs in a child process so that its peak RSS is its own.
struct ConvertBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert + validate rate, and peak memory for JSON Lines batches of two sizes."
    )

    @Option(help: "Parcels in the rate run (four documents each).")
    var parcels = 10_000

    @Option(help: "Parcels in the large memory run (JSON Lines).")
    var largeParcels = 100_000

    @Flag(help: "One JSON object per line.")
    var json = false

    @Option(help: .hidden)
    var child: String?

    func run() throws {
        if let child {
            try runChild(child)
            return
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("swgate-bench-convert-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let small = folder.appendingPathComponent("small.jsonl")
        let large = folder.appendingPathComponent("large.jsonl")
        var generator = BatchGenerator(seed: 42, mode: .mixed)
        try generator.write(parcels: parcels, jsonLines: true, to: small)
        var largeGenerator = BatchGenerator(seed: 43, mode: .mixed)
        try largeGenerator.write(parcels: largeParcels, jsonLines: true, to: large)

        let first = try childRun(small)
        let second = try childRun(large)
        var result = BenchmarkResult(
            benchmark: "convert", unit: "documents/s", rate: first.rate, seconds: first.seconds, peakRSSBytes: first.peak)
        result.extra = [
            ("parcels", String(parcels)), ("documents", String(first.documents)),
            ("largeParcels", String(largeParcels)), ("largeRate", BenchmarkResult.number(second.rate)),
            ("largePeakRSSBytes", String(second.peak)),
        ]
        result.print(json: json)
    }

    struct ChildResult {
        var documents: Int
        var seconds: Double
        var rate: Double
        var peak: Int
    }

    /// Runs this benchmark's child mode on `batch` in a new process and reads its figures.
    private func childRun(_ batch: URL) throws -> ChildResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        process.arguments = ["convert", "--child", batch.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let fields = String(decoding: data, as: UTF8.self).split(separator: " ").map(String.init)
        guard process.terminationStatus == 0, fields.count == 3, let documents = Int(fields[0]), let seconds = Double(fields[1]),
            let peak = Int(fields[2].trimmingCharacters(in: .whitespacesAndNewlines))
        else {
            throw ValidationError("the convert child run failed: \(String(decoding: data, as: UTF8.self))")
        }
        return ChildResult(documents: documents, seconds: seconds, rate: Double(documents) / seconds, peak: peak)
    }

    /// The measured part: convert, pack, validate every message; nothing kept.
    private func runChild(_ batch: String) throws {
        let profileURL = try Self.profileURL()
        let profile = try EnterpriseProfile.load(contentsOf: profileURL)
        let validator = try SchemaValidator()
        let log = IssueLog(file: batch, rules: profile.rules)
        var documents = 0
        var invalid = 0
        let seconds = try Stopwatch.time {
            try ConversionPipeline(profile: profile, validator: validator).run(URL(fileURLWithPath: batch), log: log) { output in
                documents += output.packed.documents.count
            }
        }
        invalid = log.errorCount
        guard invalid == 0 else { throw ValidationError("the generated batch has \(invalid) errors: \(log.issues.prefix(3))") }
        print("\(documents) \(seconds) \(ResourceUsage.peakRSSBytes())")
    }

    static func profileURL() throws -> URL {
        let schemas = try SchemaLocator.schemaRoot()
        return schemas.deletingLastPathComponent().appendingPathComponent("examples/swgate.json")
    }
}
