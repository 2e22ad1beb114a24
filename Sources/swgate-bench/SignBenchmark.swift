import ArgumentParser
import CEBMessages
import Foundation
import Signing

/// `swgate-bench sign`: enveloped signatures per second on a realistic CEB621, RSA-2048 and SM2,
/// on one core and on all cores.
struct SignBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sign", abstract: "Signatures/s for RSA-2048 and SM2 on a 20-line CEB621.")

    @Option(help: "Signatures per measurement.") var count = 2000
    @Flag(help: "One JSON object per line.") var json = false

    func run() throws {
        let keys = try ConvertBenchmark.profileURL().deletingLastPathComponent().appendingPathComponent("keys")
        var inventory = BenchmarkInventory.make(index: 1, lines: 20)
        inventory.signature = nil
        let xml = inventory.xmlData()
        for (name, label) in [("rsa", "rsa-sha1"), ("sm2", "sm2-sm3")] {
            let signer = try SoftwareSigner(
                keyFile: keys.appendingPathComponent("demo-\(name).key.pem"),
                certificateFile: keys.appendingPathComponent("demo-\(name).cert.pem"))
            guard EnvelopedSignature.verify(try EnvelopedSignature.sign(xml, with: signer)).isValid else {
                throw ValidationError("\(label) signature does not verify")
            }
            let single = try Stopwatch.time { for _ in 0..<count { _ = try EnvelopedSignature.sign(xml, with: signer) } }
            let cores = ProcessInfo.processInfo.activeProcessorCount
            let parallel = Stopwatch.time {
                DispatchQueue.concurrentPerform(iterations: cores) { _ in
                    for _ in 0..<(count / cores) { _ = try? EnvelopedSignature.sign(xml, with: signer) }
                }
            }
            var result = BenchmarkResult(
                benchmark: "sign-\(label)", unit: "signatures/s", rate: Double(count / cores * cores) / parallel, seconds: parallel)
            result.extra = [
                ("singleCoreRate", BenchmarkResult.number(Double(count) / single)), ("cores", String(cores)), ("bytes", String(xml.count)),
            ]
            result.print(json: json)
        }
    }
}
