import ArgumentParser
import Foundation
import JSONWriting
import Gateway
import Outbox

/// `swgate receipts replay --into DIR`: statuses rebuilt from the archive in a fresh outbox.
struct ReceiptsReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Rebuild every document's customs status from the archived raw receipts, into a fresh copy of the outbox.",
        discussion: """
            The source outbox is not changed. The same archive always gives the same statuses.

            Example:
              swgate receipts replay --outbox outbox/ --into /tmp/replayed
              swgate export --outbox /tmp/replayed --format csv
            """
    )

    @OptionGroup var outbox: OutboxOptions

    @Option(help: "A new (or empty) folder for the rebuilt outbox.", completion: .directory)
    var into: String

    @Option(help: "Status from which a document counts as accepted: 2 or 120.")
    var acceptance = "2"

    @Flag(help: "Print the counts as JSON.")
    var json = false

    func run() throws {
        let store = try outbox.openExisting()
        let result: (store: SQLOutbox, counts: ReceiptIntake.Counts)
        do {
            result = try ReceiptReplay.run(from: store, into: URL(fileURLWithPath: into, isDirectory: true), acceptanceStatus: acceptance)
        } catch {
            Console.error("swgate receipts replay: \(error.localizedDescription)")
            throw ExitCode(1)
        }
        let counts = result.counts
        if json {
            var answer: JSONObject = [
                ("applied", .int(counts.applied)), ("duplicates", .int(counts.duplicates)), ("unmatched", .int(counts.unmatched)),
                ("refused", .int(counts.refused)),
            ]
            answer.append("into", .string(result.store.location))
            Console.json(answer)
        } else {
            Console.output(
                "replayed into \(into): \(counts.applied) applied, \(counts.duplicates) duplicates, \(counts.unmatched) unmatched, \(counts.refused) refused"
            )
        }
    }
}
