import ArgumentParser
import Gateway

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

    func run() {
        Console.output(Self.table)
    }
}
