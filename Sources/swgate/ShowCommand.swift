import ArgumentParser
import CEBMessages
import Foundation
import Outbox

/// `swgate show ID|ORDERNO`: everything about a document.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show documents (by id, guid, order number or business key): payload, attempts, timeline.",
        discussion: """
            Example:
              swgate show HT2026112500000001
            """
    )

    @Argument(help: "A document id, guid, order number or business key.")
    var reference: String

    @OptionGroup var outbox: OutboxOptions

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let store = try outbox.openExisting()
        let details: [DocumentDetail]
        do {
            details = try store.details(reference)
        } catch {
            Console.error("swgate show: \(error.localizedDescription)")
            throw ExitCode(1)
        }
        guard !details.isEmpty else {
            Console.error("swgate show: nothing matches \(reference); try swgate list --order ORDERNO")
            throw ExitCode(1)
        }
        let formatter = ISO8601DateFormatter()
        if json {
            Console.output(JSONText.array(details.map { detail in
                var object = ListCommand.object(detail.summary)
                object.append("payload", .string(String(decoding: detail.payload, as: UTF8.self)))
                object.append("attempts", .array(detail.attempts.map { attempt in
                    var entry = JSONText.Object()
                    entry.append("startedAt", .string(formatter.string(from: attempt.startedAt)))
                    entry.append("endpoint", attempt.endpoint.map { .string($0) } ?? .null)
                    entry.append("httpStatus", attempt.httpStatus.map { .number(String($0)) } ?? .null)
                    entry.append("outcome", .string(attempt.outcome))
                    entry.append("error", attempt.error.map { .string($0) } ?? .null)
                    entry.append("sent", attempt.sent.map { .string(String(decoding: $0, as: UTF8.self)) } ?? .null)
                    return .object(entry)
                }))
                object.append("timeline", .array(detail.audit.map { entry in
                    var item = JSONText.Object()
                    item.append("at", .string(formatter.string(from: entry.at)))
                    item.append("from", entry.from.map { .string($0) } ?? .null)
                    item.append("to", .string(entry.to))
                    item.append("reason", entry.reason.map { .string($0) } ?? .null)
                    return .object(item)
                }))
                return object
            }))
            return
        }
        for detail in details {
            let summary = detail.summary
            Console.output("document \(summary.id): \(summary.messageType.rawValue) \(summary.businessKey) (order \(summary.orderNo))")
            Console.output("  customs status: \(summary.customsStatus ?? "none")\(summary.customsInfo.map { " — \($0)" } ?? "")")
            Console.output("  message \(summary.messageID) \(summary.messageGuid): \(summary.state.rawValue), \(summary.attempts) attempts")
            for attempt in detail.attempts {
                let sent = attempt.sent.map { " (sent \($0.count) bytes; --json shows them)" } ?? ""
                Console.output("  attempt \(formatter.string(from: attempt.startedAt)) \(attempt.outcome) \(attempt.httpStatus.map(String.init) ?? "") \(attempt.error ?? "")\(sent)")
            }
            for entry in detail.audit {
                Console.output("  \(formatter.string(from: entry.at)) \(entry.from ?? "-") → \(entry.to) \(entry.reason ?? "")")
            }
            Console.output(String(decoding: detail.payload, as: UTF8.self))
        }
    }
}
