import ArgumentParser
import Gateway
import JSONWriting

/// `swgate exit-codes` (also `swgate help exit-codes`): the one table of exit statuses.
struct ExitCodesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exit-codes",
        abstract: "What swgate's exit statuses mean (the same for every command).",
        discussion: table
    )

    static var table: String {
        ExitStatus.allCases.map { "  \($0.rawValue)  \($0.meaning)" }.joined(separator: "\n")
    }

    @Flag(help: "Print one JSON document {exitCodes: [{code, name, meaning}]}.")
    var json = false

    func run() {
        if json {
            Console.json([
                (
                    "exitCodes",
                    .array(
                        ExitStatus.allCases.map {
                            .object([("code", .int(Int($0.rawValue))), ("name", .string("\($0)")), ("meaning", .string($0.meaning))])
                        })
                )
            ])
            return
        }
        Console.output(Self.table)
    }
}
