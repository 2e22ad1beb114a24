import ArgumentParser
import CEBMessages
import Foundation
import SchemaValidation

/// `swgate-bench validate`: documents/s validating a 20-line CEB621 with compiled schemas, next to
/// `xmllint --noout --schema` on the same files in the same run.
///
/// Both sides read each document from its file, parse it and validate it, on one core; the
/// schema is compiled once for each (xmllint compiles it once per invocation, and is given all
/// files in one invocation).
struct ValidateBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Schema validation rate against xmllint on the same documents."
    )

    @Option(help: "How many documents to generate.")
    var documents = 2000

    @Option(help: "Goods lines per inventory.")
    var lines = 20

    @Option(help: "Measurement rounds; the best round counts for both sides.")
    var rounds = 3

    @Flag(help: "One JSON object per line.")
    var json = false

    @Option(help: "Write the generated documents to this folder and keep them (for profiling).")
    var keep: String?

    func run() throws {
        let folder =
            keep.map { URL(fileURLWithPath: $0, isDirectory: true) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("swgate-bench-validate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { if keep == nil { try? FileManager.default.removeItem(at: folder) } }

        var files: [URL] = []
        for index in 0..<documents {
            let url = folder.appendingPathComponent("CEB621Message_\(index).xml")
            try BenchmarkInventory.make(index: index, lines: lines).xmlData().write(to: url)
            files.append(url)
        }
        let validator = try SchemaValidator()
        // Warm up, and check the documents are valid: a benchmark of failures would mean nothing.
        let check = validator.validate(contentsOf: files[0])
        guard check.isValid else {
            throw ValidationError("the benchmark document is invalid: \(check.issues)")
        }

        var best = Double.infinity
        for _ in 0..<rounds {
            var invalid = 0
            let seconds = Stopwatch.time {
                for file in files where !validator.validate(contentsOf: file).isValid { invalid += 1 }
            }
            guard invalid == 0 else { throw ValidationError("\(invalid) documents failed validation") }
            best = min(best, seconds)
        }

        let schema = validator.schemaDirectory.appendingPathComponent("ceb-import.xsd").path
        var baselineBest = Double.infinity
        for _ in 0..<rounds {
            baselineBest = min(baselineBest, try Self.xmllint(schema: schema, files: files.map(\.path)))
        }
        var result = BenchmarkResult(
            benchmark: "validate",
            unit: "documents/s",
            rate: Double(documents) / best,
            baseline: "xmllint",
            baselineRate: Double(documents) / baselineBest,
            seconds: best
        )
        result.extra = [("documents", String(documents)), ("linesPerDocument", String(lines))]
        result.print(json: json)
    }

    /// Runs `xmllint --noout --schema SCHEMA FILES…` and returns its wall time.
    static func xmllint(schema: String, files: [String]) throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["xmllint", "--noout", "--schema", schema] + files
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let seconds = try Stopwatch.time {
            try process.run()
            process.waitUntilExit()
        }
        guard process.terminationStatus == 0 else {
            throw ValidationError("xmllint exited \(process.terminationStatus): is libxml2-utils installed (make deps)?")
        }
        return seconds
    }
}
