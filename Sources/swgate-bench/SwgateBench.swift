import ArgumentParser

/// `swgate-bench`: swgate's benchmarks. Build with `-c release`; figures from debug builds mean nothing.
@main
struct SwgateBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swgate-bench",
        abstract: "Measure swgate against the limits of the machine and against reference tools.",
        discussion: """
            Each benchmark prints a readable table, or with --json one JSON object per line:
            {"benchmark", "unit", "rate", "baseline", "baselineRate", "ratio", "peakRSSBytes", "seconds"}.

            Example:
              swift run -c release swgate-bench validate --json
            """,
        subcommands: [ValidateBenchmark.self, ConvertBenchmark.self, GenerateCommand.self, AllBenchmarks.self]
    )
}

/// `swgate-bench all`: every benchmark, in a few minutes.
struct AllBenchmarks: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "all", abstract: "Run every benchmark.")

    @Flag(help: "One JSON object per line instead of tables.")
    var json = false

    func run() throws {
        var validate = ValidateBenchmark()
        validate.json = json
        try validate.run()
        var convert = ConvertBenchmark()
        convert.json = json
        try convert.run()
    }
}
