import ArgumentParser
import HTTPServerSupport
import Logging

/// `swgate-bench`: swgate's benchmarks. Build with `-c release`; figures from debug builds mean nothing.
@main
struct SwgateBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swgate-bench",
        abstract: "Measure swgate against the limits of the machine and against reference tools.",
        discussion: """
            Each benchmark prints a readable table, or with --json one JSON object per line:
            {"benchmark", "unit", "rate", "baseline", "baselineRate", "ratio", "peakRSSBytes", "seconds"}.

            Example:
              swift run -c release swgate-bench validate --json
            """,
        subcommands: [
            ValidateBenchmark.self, ConvertBenchmark.self, SubmitBenchmark.self, SendBenchmark.self, ReceiptsBenchmark.self,
            SignBenchmark.self, TaxBenchmark.self, ListBenchmark.self, PlatformDataBenchmark.self,
            EndToEndBenchmark.self, ClaimsBenchmark.self, GenerateCommand.self, AllBenchmarks.self,
        ]
    )

    static func main() async {
        // The listeners in this process (the simulator's) log as `swgate` does.
        LoggingSystem.bootstrap { label in TextLogHandler(label: label) }
        await main(nil)
    }
}

/// `swgate-bench all`: every benchmark, in a few minutes.
struct AllBenchmarks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "all", abstract: "Run every benchmark.")

    @Flag(help: "One JSON object per line instead of tables.")
    var json = false

    func run() async throws {
        // Each benchmark is parsed from arguments, as on the command line, so that every option
        // has its default (a command built with init() has none).
        let common = json ? ["--json"] : []
        try ValidateBenchmark.parse(common).run()
        try ConvertBenchmark.parse(common + ["--large-parcels", "50000"]).run()
        try SubmitBenchmark.parse(common).run()
        let send = try SendBenchmark.parse(common)
        try await send.run()
        try ReceiptsBenchmark.parse(common).run()
        try SignBenchmark.parse(common).run()
        let endToEnd = try EndToEndBenchmark.parse(common)
        try await endToEnd.run()
        try ClaimsBenchmark.parse(common).run()
        let platformData = try PlatformDataBenchmark.parse(common)
        try await platformData.run()
    }
}
