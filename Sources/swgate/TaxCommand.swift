import ArgumentParser

/// `swgate tax report|show`: customs' tax bills (CEB816/818) reconciled with the tax withheld.
struct TaxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tax",
        abstract: "Tax bills (CEB816/818) reconciled with the tax each order withheld.",
        subcommands: [TaxReportCommand.self, TaxShowCommand.self]
    )
}
