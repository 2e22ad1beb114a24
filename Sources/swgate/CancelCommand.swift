import ArgumentParser
import Foundation
import Outbox

/// `swgate cancel ID...`: withdraw messages that have not reached customs.
struct CancelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Withdraw queued, retry-wait or dead messages before they are delivered.",
        discussion: """
            A declaration customs already accepted is withdrawn with a CEB623 cancellation instead (submit a \
            batch with a cancellations entry).

            Example:
              swgate cancel 42
            """
    )

    @Argument(help: "Message ids.")
    var ids: [Int64]

    @OptionGroup var outbox: OutboxOptions

    func validate() throws {
        if ids.isEmpty { throw ValidationError("Give at least one message id.") }
    }

    func run() throws {
        let store = try outbox.openExisting()
        do {
            let count = try store.cancel(messageIDs: ids, now: Date())
            Console.output("\(count) messages cancelled")
        } catch {
            Console.error("swgate cancel: \(error.localizedDescription)")
            throw ExitCode(1)
        }
    }
}
