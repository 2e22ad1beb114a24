import ArgumentParser
import Foundation
import JSONWriting
import Gateway
import Outbox

/// `swgate cancel ID...`: withdraw messages that have not reached customs.
struct CancelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Withdraw queued, retry-wait or dead messages before they are delivered.",
        discussion: """
            A reference is a document id (swgate list), a guid, an order number (all of its documents) or a \
            business key; each line of the output says which message it withdraws. A message packed with \
            documents you did not name is refused unless --whole-message. A declaration customs already \
            accepted is withdrawn with a CEB623 cancellation instead (submit a batch with a cancellations entry).

            Example:
              swgate cancel 42
            """
    )

    @Argument(help: "Documents: ids, guids, order numbers or business keys (see swgate list).")
    var references: [String] = []

    @Option(name: .customLong("message"), help: "A message id instead of a document (repeatable).")
    var messageIDs: [Int64] = []

    @Flag(help: "Withdraw a packed message even though it carries documents you did not name.")
    var wholeMessage = false

    @OptionGroup var outbox: OutboxOptions

    @Flag(help: "Print one JSON document: {cancelled, messages}.")
    var json = false

    func validate() throws {
        if references.isEmpty, messageIDs.isEmpty { throw ValidationError("Name at least one document (or --message ID).") }
    }

    func run() throws {
        let store = try outbox.openExisting()
        do {
            let selection = try DocumentReferences.plan(
                references, messageIDs: messageIDs, store: store, wholeMessage: wholeMessage, command: "cancel")
            for entry in selection.entries { Console.error(DocumentReferences.describe(entry)) }
            let count = try store.cancel(messageIDs: selection.allowedMessageIDs, now: Date())
            if json {
                Console.json([("cancelled", .int(count)), ("messages", DocumentReferences.json(selection.entries))])
            } else {
                Console.output("\(count) messages cancelled")
            }
        } catch {
            Console.error("swgate cancel: \(error.localizedDescription)")
            throw ExitCode(1)
        }
    }
}
