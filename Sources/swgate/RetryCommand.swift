import ArgumentParser
import CEBMessages
import Foundation
import Outbox

/// `swgate retry`: put failed messages back in the queue.
struct RetryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Queue messages again: by id, or every message in a state (dead, retry-wait).",
        discussion: """
            Rejected messages are never retried blindly: fix the records and submit with --amend.

            Examples:
              swgate retry 42 43
              swgate retry --state dead --type CEB621Message --dry-run
            """
    )

    @Argument(help: "Message ids (see swgate list / show).")
    var ids: [Int64] = []

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
        if ids.isEmpty == (state == nil) { throw ValidationError("Give message ids, or --state STATE (not both).") }
        if let state, MessageState(rawValue: state) == nil { throw ValidationError("unknown state \(state)") }
        if let type, CEBMessageType(rawValue: type) == nil { throw ValidationError("unknown message type \(type)") }
    }

    func run() throws {
        let store = try outbox.openExisting()
        let count: Int
        do {
            if let state, let parsed = MessageState(rawValue: state) {
                count = try store.retry(state: parsed, type: type.flatMap(CEBMessageType.init(rawValue:)), dryRun: dryRun, now: Date())
            } else {
                count = dryRun ? ids.count : try store.retry(messageIDs: ids, now: Date())
            }
        } catch {
            Console.error("swgate retry: \(error.localizedDescription)")
            throw ExitCode(1)
        }
        if json {
            Console.output("{\"retried\": \(dryRun ? 0 : count), \"matched\": \(count), \"dryRun\": \(dryRun)}")
        } else {
            Console.output(dryRun ? "\(count) messages would be queued again" : "\(count) messages queued again")
        }
    }
}
