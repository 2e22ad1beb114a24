import ArgumentParser

/// `swgate receipts …`: customs' answers.
struct ReceiptsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receipts",
        abstract: "Read customs receipts (CEB312, 412, 512, 514, 622, 624, 626, 712, 816, 818, 900).",
        subcommands: [
            ReceiptsInspectCommand.self, ReceiptsImportCommand.self, ReceiptsWatchCommand.self, ReceiptsServeCommand.self,
            ReceiptsReplayCommand.self, ReceiptsUnmatchedCommand.self,
        ]
    )
}
