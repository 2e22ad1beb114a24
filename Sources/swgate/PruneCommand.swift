import ArgumentParser
import Foundation
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

    func validate() throws {
        guard Self.seconds(olderThan) != nil else { throw ValidationError("--older-than must look like 90d, 12h or 30m") }
    }

    static func seconds(_ text: String) -> Double? {
        guard let unit = text.last, let value = Double(text.dropLast()), value >= 0 else { return nil }
        switch unit {
        case "d": return value * 86_400
        case "h": return value * 3600
        case "m": return value * 60
        case "s": return value
        default: return nil
        }
    }

    func run() throws {
        let store = try outbox.open()
        do {
            let removed = try store.prune(before: Date().addingTimeInterval(-(Self.seconds(olderThan) ?? 0)))
            Console.output("\(removed) messages pruned")
        } catch {
            Console.error("swgate prune: \(error.localizedDescription)")
            throw ExitCode(1)
        }
    }
}
