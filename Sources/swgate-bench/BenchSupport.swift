import Adapters
import Foundation
import Gateway
import SchemaValidation
import SyntheticData

/// Shared set-up for the benchmarks: the example profile, generated batches, scratch folders.
enum BenchSupport {
    static func profile(signing: Bool = true) throws -> EnterpriseProfile {
        var profile = try EnterpriseProfile.load(contentsOf: try ConvertBenchmark.profileURL())
        if !signing { profile.signing = nil }
        return profile
    }

    static func scratch(_ label: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("swgate-bench-\(label)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func batch(parcels: Int, seed: UInt64, in folder: URL, mode: BatchGenerator.Mode = .bonded, firstIndex: Int = 0) throws -> URL {
        let url = folder.appendingPathComponent("batch-\(seed)-\(parcels).jsonl")
        var generator = BatchGenerator(seed: seed, mode: mode)
        try generator.write(parcels: parcels, jsonLines: true, to: url, firstIndex: firstIndex)
        return url
    }
}
