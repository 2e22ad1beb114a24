import ArgumentParser
import Foundation
import Outbox

/// `swgate status`: how much is where, at a glance.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Count documents by customs status and messages by state and type.",
        discussion: """
            JSON: {"documents": {"total": N, "byStatus": {…}}, "messages": {"total": M, "byState": {…}, "byType": {…}}, "oldestWaitingSeconds": S}

            Example:
              swgate status --outbox outbox/ --json
            """
    )

    @OptionGroup var outbox: OutboxOptions

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let store = try outbox.open()
        let status: OutboxStatus
        do {
            status = try store.status(now: Date())
        } catch {
            Console.error("swgate status: \(error.localizedDescription)")
            throw ExitCode(1)
        }
        if json {
            func counts(_ values: [String: Int]) -> JSONText.Value {
                var object = JSONText.Object()
                for key in values.keys.sorted() { object.append(key, .number(String(values[key] ?? 0))) }
                return .object(object)
            }
            var documents = JSONText.Object()
            documents.append("total", .number(String(status.documentsTotal)))
            documents.append("byStatus", counts(status.documentsByStatus))
            var messages = JSONText.Object()
            messages.append("total", .number(String(status.messagesTotal)))
            messages.append("byState", counts(status.messagesByState))
            messages.append("byType", counts(status.messagesByType))
            var root = JSONText.Object()
            root.append("documents", .object(documents))
            root.append("messages", .object(messages))
            root.append("oldestWaitingSeconds", status.oldestWaitingSeconds.map { .number(String(format: "%.0f", $0)) } ?? .null)
            Console.output(JSONText.render(.object(root)))
            return
        }
        Console.output("documents: \(status.documentsTotal)")
        for (key, count) in status.documentsByStatus.sorted(by: { $0.key < $1.key }) {
            Console.output("  customs \(key.padding(toLength: 10, withPad: " ", startingAt: 0)) \(count)")
        }
        Console.output("messages: \(status.messagesTotal)")
        for (key, count) in status.messagesByState.sorted(by: { $0.key < $1.key }) {
            Console.output("  \(key.padding(toLength: 17, withPad: " ", startingAt: 0)) \(count)")
        }
        if let oldest = status.oldestWaitingSeconds {
            Console.output("oldest waiting: \(Int(oldest)) s")
        }
    }
}
