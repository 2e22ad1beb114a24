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
        version: "swgate \(version) (commit \(BuildInfo.commit))",
        subcommands: [
            SubmitCommand.self, StatusCommand.self, ListCommand.self, ShowCommand.self, RetryCommand.self, CancelCommand.self,
            ExportCommand.self, PruneCommand.self, DoctorCommand.self, CheckCommand.self, ConvertCommand.self, ValidateCommand.self,
            SignCommand.self, VerifyCommand.self, ReceiptsCommand.self, OutboxCommand.self, RunCommand.self, SendCommand.self,
            SimulatorCommand.self, DemoCommand.self,
            NotificationsCommand.self, TaxCommand.self, PlatformDataCommand.self, ConsoleCommand.self, ConfigCommand.self,
            ExitCodesCommand.self,
        ]
    )

    /// The release; `--version` adds the commit the binary was built from.
    static let version = "0.2.0"

    /// Runs the command, mapping argument errors to exit status 2 (as `git` and POSIX tools do)
    /// instead of the argument parser's default 64, and keeping the `--json` contract: one JSON
    /// document on standard output whatever happens (``JSONContract``).
    static func main() async {
        let contract = JSONContract.shared
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            PeakMemoryReport.writeIfAsked()
            if contract.enabled { contract.finish(exitCode: 0, message: nil) }
        } catch {
            PeakMemoryReport.writeIfAsked()
            var code = exitCode(for: error)
            if code == .validationFailure { code = ExitCode(2) }
            if code == .success {
                exit(withError: error)
            }
            let message = fullMessage(for: error)
            if contract.enabled {
                contract.finish(exitCode: code.rawValue, message: message.isEmpty ? nil : message)
                if !message.isEmpty { FileHandle.standardError.write(Data((message + "\n").utf8)) }
                Foundation.exit(code.rawValue)
            }
            if code.rawValue == 2 {
                FileHandle.standardError.write(Data((message + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
