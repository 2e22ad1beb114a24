import ArgumentParser
import Foundation
import Gateway
import JSONWriting
import Outbox

/// `swgate platform-data retry`.
struct PlatformDataRetryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Queue dead or unknown-order requests for upload again (after fixing what the last error names).",
        discussion: """
            Example:
              swgate platform-data retry 12 13
              swgate platform-data retry --state dead --all
            """
    )

    @Argument(help: "Request ids (swgate platform-data list).") var ids: [Int64] = []
    @Flag(help: "Every request in --state.") var all = false
    @Option(help: "With --all: dead or unknown-order.") var state = "dead"
    @OptionGroup var outbox: OutboxOptions
    @Flag(help: "Print one JSON document {queuedCount}.") var json = false

    func validate() throws {
        if ids.isEmpty != all { throw ValidationError("name request ids, or --all (not both)") }
        if !["dead", "unknown-order"].contains(state) { throw ValidationError("--state must be dead or unknown-order") }
    }

    func run() throws {
        let store = try outbox.openExisting()
        var chosen = ids
        if all {
            chosen = try store.platformRequests(state: PlatformRequest.State(rawValue: state), limit: 1_000_000).map(\.id)
        }
        let who = ProcessInfo.processInfo.environment["USER"] ?? "an operator"
        let queued = try store.retryPlatformRequests(ids: chosen, reason: "operator retry by \(who)", now: Date())
        if json {
            Console.json([("queuedCount", .int(queued))])
        } else {
            Console.output("\(queued) request\(queued == 1 ? "" : "s") queued for upload")
        }
    }
}
