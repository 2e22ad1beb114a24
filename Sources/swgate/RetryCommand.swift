import ArgumentParser
import CEBMessages
import Foundation
import JSONWriting
import Gateway
import Outbox

/// `swgate retry`: put failed messages back in the queue.
struct RetryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Queue messages again: the documents you name, or every message in a state (dead, retry-wait).",
        discussion: """
            A reference is a document id (swgate list), a guid, an order number (all of its documents) or a \
            business key; each line of the output says which message it acts on. A message packed with \
            documents you did not name is refused unless --whole-message. Rejected messages are never \
            retried blindly: fix the records and submit with --amend.

            Examples:
              swgate retry 42 43
              swgate retry HT2026112500000001
              swgate retry --state dead --type CEB621Message --dry-run
            """
    )

    @Argument(help: "Documents: ids, guids, order numbers or business keys (see swgate list).")
    var references: [String] = []

    @Option(name: .customLong("message"), help: "A message id instead of a document (repeatable).")
    var messageIDs: [Int64] = []

    @Flag(help: "Act on a packed message even though it carries documents you did not name.")
    var wholeMessage = false

    @Option(help: "Retry every message in this state (dead or retry-wait).")
    var state: String?

    @Option(help: "With --state: only this message type.")
    var type: String?

    @Flag(help: "Count what would be retried; change nothing.")
    var dryRun = false

    @OptionGroup var outbox: OutboxOptions

    @Flag(help: "Print JSON.")
    var json = false

    func validate() throws {
        if (references.isEmpty && messageIDs.isEmpty) == (state == nil) {
            throw ValidationError("Name documents (or --message ID), or --state STATE (not both).")
        }
        if let state, MessageState(rawValue: state) == nil { throw ValidationError("unknown state \(state)") }
        if let type, MessageTypeArgument.parse(type) == nil { throw ValidationError(MessageTypeArgument.problem("--type", type)) }
    }

    func run() throws {
        let store = try outbox.openExisting()
        let count: Int
        var entries: [MessageSelection.Entry] = []
        do {
            if let state, let parsed = MessageState(rawValue: state) {
                count = try store.retry(state: parsed, type: type.flatMap(MessageTypeArgument.parse), dryRun: dryRun, now: Date())
            } else {
                let selection = try DocumentReferences.plan(
                    references, messageIDs: messageIDs, store: store, wholeMessage: wholeMessage, command: "retry")
                for entry in selection.entries { Console.error(DocumentReferences.describe(entry)) }
                entries = selection.entries
                count = dryRun ? selection.allowedMessageIDs.count : try store.retry(messageIDs: selection.allowedMessageIDs, now: Date())
            }
        } catch {
            Console.error("swgate retry: \(error.localizedDescription)")
            throw ExitCode(1)
        }
        if json {
            Console.json([
                ("retried", .int(dryRun ? 0 : count)), ("matched", .int(count)), ("dryRun", .bool(dryRun)),
                ("messages", DocumentReferences.json(entries)),
            ])
        } else {
            Console.output(dryRun ? "\(count) messages would be queued again" : "\(count) messages queued again")
        }
    }
}
