import ArgumentParser
import Foundation
import SyntheticData

/// `swgate-bench generate`: realistic synthetic batches for benchmarks, load and crash tests.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a synthetic batch of platform records (reproducible from --seed).",
        discussion: """
            Example:
              swgate-bench generate --parcels 10000 --seed 7 --mode mixed --jsonl --out /tmp/batch.jsonl
            """
    )

    @Option(help: "How many parcels (order, payment, waybill and inventory each).")
    var parcels = 100

    @Option(help: "Random seed: the same seed writes the same batch.")
    var seed: UInt64 = 1

    @Option(help: "Trade mode: 1210 (bonded), 9610 (direct) or mixed.")
    var mode: String = "1210"

    @Flag(help: "Write JSON Lines (one parcel per line) instead of one JSON document.")
    var jsonl = false

    @Option(help: "The file to write.")
    var out: String

    func validate() throws {
        guard BatchGenerator.Mode(rawValue: mode) != nil else { throw ValidationError("--mode must be 1210, 9610 or mixed") }
        guard parcels > 0 else { throw ValidationError("--parcels must be at least 1") }
    }

    func run() throws {
        var generator = BatchGenerator(seed: seed, mode: BatchGenerator.Mode(rawValue: mode) ?? .bonded)
        try generator.write(parcels: parcels, jsonLines: jsonl, to: URL(fileURLWithPath: out))
        FileHandle.standardError.write(Data("wrote \(parcels) parcels to \(out)\n".utf8))
    }
}
