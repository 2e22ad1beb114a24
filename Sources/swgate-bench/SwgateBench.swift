import ArgumentParser

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
            ValidateBenchmark.self, ConvertBenchmark.self, SubmitBenchmark.self, SendBenchmark.self, ReceiptsBenchmark.self, SignBenchmark.self,
            EndToEndBenchmark.self, GenerateCommand.self, AllBenchmarks.self,
        ]
    )
}

/// `swgate-bench all`: every benchmark, in a few minutes.
struct AllBenchmarks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "all", abstract: "Run every benchmark.")

    @Flag(help: "One JSON object per line instead of tables.")
    var json = false

    func run() async throws {
        var validate = ValidateBenchmark()
        validate.json = json
        try validate.run()
        var convert = ConvertBenchmark()
        convert.json = json
        convert.largeParcels = 50_000
        try convert.run()
        var submit = SubmitBenchmark()
        submit.json = json
        try submit.run()
        var send = SendBenchmark()
        send.json = json
        try await send.run()
        var receipts = ReceiptsBenchmark()
        receipts.json = json
        try receipts.run()
        var sign = SignBenchmark()
        sign.json = json
        try sign.run()
        var endToEnd = EndToEndBenchmark()
        endToEnd.json = json
        try await endToEnd.run()
    }
}
