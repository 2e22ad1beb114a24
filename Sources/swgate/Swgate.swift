import ArgumentParser
import Foundation

/// `swgate`: the single-window message gateway's command line.
@main
struct Swgate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swgate",
        abstract: "A gateway for China's single-window cross-border e-commerce messages.",
        discussion: """
            swgate turns a platform's orders, payments, waybills and inventories into customs (CEB) \
            messages, validates them against the customs schemas, and reads customs' receipts.

            Examples:
              swgate validate out/*.xml
              swgate receipts inspect receipts/ --json
            """,
        version: "0.1.0",
        subcommands: [
            SubmitCommand.self, StatusCommand.self, ListCommand.self, ShowCommand.self, RetryCommand.self, CancelCommand.self,
            ExportCommand.self, PruneCommand.self, DoctorCommand.self, CheckCommand.self, ConvertCommand.self, ValidateCommand.self,
            SignCommand.self, VerifyCommand.self, ReceiptsCommand.self, OutboxCommand.self, RunCommand.self, SendCommand.self,
            SimulatorCommand.self, DemoCommand.self,
            NotificationsCommand.self, TaxCommand.self, ConfigCommand.self, ExitCodesCommand.self,
        ]
    )

    /// Runs the command, mapping argument errors to exit status 2 (as `git` and POSIX tools do)
    /// instead of the argument parser's default 64.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            PeakMemoryReport.writeIfAsked()
        } catch {
            PeakMemoryReport.writeIfAsked()
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
