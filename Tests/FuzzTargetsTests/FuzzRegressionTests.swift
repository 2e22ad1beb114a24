import Adapters
import Foundation
import FuzzTargets
import SwgateTestSupport
import Testing

/// Replays every seed and every input that once crashed a fuzz target (Tests/Fixtures/fuzz/<target>/),
/// so that a fixed crash stays fixed, and checks that the seeds themselves are read as intended —
/// a target that rejected its own seeds would fuzz nothing but the error paths.
@Suite("Fuzz targets: seeds and regressions")
struct FuzzRegressionTests {
    static let seeds = Fixtures.checkout.appendingPathComponent("Scripts/fuzz/seeds")
    static let regressions = Fixtures.root.appendingPathComponent("fuzz")

    static func inputs(_ folder: URL) throws -> [(name: String, data: Data)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return try names.sorted().filter { !$0.hasPrefix(".") && $0 != "README.md" }.map {
            ($0, try Data(contentsOf: folder.appendingPathComponent($0)))
        }
    }

    static func recordsTarget() throws -> RecordsFuzzTarget {
        RecordsFuzzTarget(profile: try EnterpriseProfile.load(contentsOf: Fixtures.checkout.appendingPathComponent("examples/swgate.json")))
    }

    /// The XML targets, their seed folders, how many seeds there must be, and the least each must yield
    /// (an envelope counts itself plus its payload's answers).
    static let xmlTargets: [(name: String, minimumSeeds: Int, minimumItems: Int)] = [("receipt", 7, 1), ("dxp", 2, 2)]

    @Test("the receipt and envelope seeds are read, payloads included", arguments: xmlTargets.map(\.name))
    func xmlSeeds(target name: String) throws {
        let target = try #require(Self.xmlTargets.first { $0.name == name })
        let seeds = try Self.inputs(Self.seeds.appendingPathComponent(name))
        #expect(seeds.count >= target.minimumSeeds)
        for seed in seeds {
            let outcome = name == "dxp" ? DxpEnvelopeFuzzTarget.run(seed.data) : ReceiptFuzzTarget.run(seed.data)
            guard case .accepted(let items) = outcome else {
                Issue.record("seed \(name)/\(seed.name) was rejected: \(outcome)")
                continue
            }
            #expect(items >= target.minimumItems, "\(name)/\(seed.name)")
        }
    }

    @Test("the records seeds convert without errors, JSON and JSON Lines alike")
    func recordsSeeds() throws {
        let target = try Self.recordsTarget()
        let seeds = try Self.inputs(Self.seeds.appendingPathComponent("records"))
        #expect(seeds.contains { $0.name.hasSuffix(".jsonl") } && seeds.contains { $0.name.hasSuffix(".json") })
        for seed in seeds {
            let outcome = target.run(seed.data)
            guard case .accepted(let items) = outcome else {
                Issue.record("seed \(seed.name): \(outcome)")
                continue
            }
            #expect(items >= 2, "\(seed.name)")
        }
    }

    @Test("garbage is rejected, not accepted and not a crash")
    func garbage() throws {
        let target = try Self.recordsTarget()
        for bytes in ["", "<", "{", "\u{FEFF}", "<ceb:CEB312Message xmlns:ceb=\"http://www.chinaport.gov.cn/ceb\"/>"] {
            let data = Data(bytes.utf8)
            #expect(ReceiptFuzzTarget.run(data) != .accepted(items: 0))
            if case .accepted = DxpEnvelopeFuzzTarget.run(data) { Issue.record("'\(bytes)' accepted as an envelope") }
            if case .accepted = target.run(data) { Issue.record("'\(bytes)' accepted as records") }
        }
    }

    @Test("the structure seeds parse within the small limits, and over-limit shapes are refused")
    func structureSeeds() throws {
        for seed in try Self.inputs(Self.seeds.appendingPathComponent("structure")) {
            guard case .accepted(let items) = StructureFuzzTarget.run(seed.data) else {
                Issue.record("structure seed \(seed.name) was rejected")
                continue
            }
            #expect(items >= 2, "\(seed.name)")
        }
        for hostile in ["<a b='1' c='2' d='3' e='4' f='5'/>", "<a><a><a><a><a><a><a/></a></a></a></a></a></a>"] {
            if case .accepted = StructureFuzzTarget.run(Data(hostile.utf8)) { Issue.record("\(hostile) accepted") }
        }
    }

    @Test("inputs that once crashed a target now end in an outcome", arguments: ["receipt", "dxp", "records", "structure"])
    func regressions(target name: String) throws {
        let records = try Self.recordsTarget()
        let inputs = try Self.inputs(Self.regressions.appendingPathComponent(name))
        for input in inputs {
            let outcome: FuzzOutcome =
                switch name {
                case "receipt": ReceiptFuzzTarget.run(input.data)
                case "dxp": DxpEnvelopeFuzzTarget.run(input.data)
                case "structure": StructureFuzzTarget.run(input.data)
                default: records.run(input.data)
                }
            // Reaching this line is the point; the outcome must also be a considered one.
            if case .rejected(let reason) = outcome { #expect(!reason.isEmpty, "\(name)/\(input.name) rejected without a reason") }
        }
    }
}
