import ArgumentParser
import Foundation
import JSONWriting
import Outbox

/// `swgate prune --older-than 90d`: forget finished messages.
struct PruneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Delete messages in final states (acknowledged, rejected, cancelled) older than a cutoff.",
        discussion: """
            Example:
              swgate prune --older-than 90d
            """
    )

    @Option(help: "Age such as 90d, 12h or 30m.")
    var olderThan: String

    @OptionGroup var outbox: OutboxOptions

    @Flag(help: "Print one JSON document (the output contract: README, schemas/cli/).")
    var json = false

    func validate() throws {
        guard Age.seconds(olderThan) != nil else { throw ValidationError("--older-than must look like 90d, 12h or 30m") }
    }

    func run() throws {
        let store = try outbox.openExisting()
        do {
            let removed = try store.prune(before: Date().addingTimeInterval(-(Age.seconds(olderThan) ?? 0)))
            if json {
                Console.json([("pruned", .int(removed))])
            } else {
                Console.output("\(removed) messages pruned")
            }
        } catch {
            Console.error("swgate prune: \(error.localizedDescription)")
            throw ExitCode(1)
        }
    }
}
