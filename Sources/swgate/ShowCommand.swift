import ArgumentParser
import CEBMessages
import Foundation
import Gateway
import Outbox
import JSONWriting

/// `swgate show ID|ORDERNO`: everything about a document.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show documents (by id, guid, order number or business key): payload, attempts, timeline.",
        discussion: """
            Identity and telephone numbers are masked (first three and last two characters kept);
            --reveal shows them in full and records who asked in the document's audit trail.

            Example:
              swgate show HT2026112500000001
            """
    )

    @Argument(help: "A document id, guid, order number or business key.")
    var reference: String

    @OptionGroup var outbox: OutboxOptions
    @OptionGroup var times: TimeDisplay

    @Flag(help: "Print one JSON document {documents: [… with payload, attempts, timeline]}.")
    var json = false

    @Flag(help: "Show identity and telephone numbers in full (recorded in the audit trail).")
    var reveal = false

    func run() throws {
        let store = try outbox.openExisting()
        var details: [DocumentDetail]
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
        if reveal {
            let user = ProcessInfo.processInfo.environment["SUDO_USER"] ?? ProcessInfo.processInfo.environment["USER"] ?? "uid \(getuid())"
            do {
                try store.recordDisclosure(documentIDs: details.map(\.summary.id), user: user, command: "swgate show --reveal", now: Date())
                details = try store.details(reference)
            } catch {
                Console.error("swgate show: --reveal must be recorded in the audit trail, and cannot be: \(error.localizedDescription)")
                throw ExitCode(1)
            }
        }
        let reveal = self.reveal
        func xml(_ data: Data) -> String { reveal ? String(decoding: data, as: UTF8.self) : PersonalData.maskXML(data) }
        func text(_ value: String) -> String { reveal ? value : PersonalData.maskText(value) }
        if json {
            Console.json([
                (
                    "documents",
                    .array(
                        details.map { detail in
                            var object = ListCommand.object(detail.summary, reveal: reveal)
                            object.append("payload", .string(xml(detail.payload)))
                            object.append(
                                "attempts",
                                .array(
                                    detail.attempts.map { attempt in
                                        var entry = JSONObject()
                                        entry.append("startedAt", .string(TimeDisplay.json(attempt.startedAt)))
                                        entry.append("endpoint", attempt.endpoint.map { .string($0) } ?? .null)
                                        entry.append("httpStatus", attempt.httpStatus.map { .number(String($0)) } ?? .null)
                                        entry.append("outcome", .string(attempt.outcome))
                                        entry.append("errorText", attempt.error.map { .string(text($0)) } ?? .null)
                                        entry.append("sent", attempt.sent.map { .string(xml($0)) } ?? .null)
                                        return .object(entry)
                                    }))
                            object.append(
                                "timeline",
                                .array(
                                    detail.audit.map { entry in
                                        var item = JSONObject()
                                        item.append("at", .string(TimeDisplay.json(entry.at)))
                                        item.append("from", entry.from.map { .string($0) } ?? .null)
                                        item.append("to", .string(entry.to))
                                        item.append("reason", entry.reason.map { .string(text($0)) } ?? .null)
                                        return .object(item)
                                    }))
                            return .object(object)
                        })
                )
            ])
            return
        }
        for detail in details {
            let summary = detail.summary
            Console.output("document \(summary.id): \(summary.messageType.rawValue) \(summary.businessKey) (order \(summary.orderNo))")
            Console.output(
                "  customs status: \(summary.customsStatus == nil ? "none yet" : StatusLabel.text(summary.customsStatus, for: summary.messageType))\(summary.customsInfo.map { " — \(text($0))" } ?? "")"
            )
            Console.output("  message \(summary.messageID) \(summary.messageGuid): \(summary.state.rawValue), \(summary.attempts) attempts")
            for attempt in detail.attempts {
                let sent = attempt.sent.map { " (sent \($0.count) bytes; --json shows them)" } ?? ""
                Console.output(
                    "  attempt \(times.string(attempt.startedAt)) \(attempt.outcome) \(attempt.httpStatus.map(String.init) ?? "") \(text(attempt.error ?? ""))\(sent)"
                )
            }
            for entry in detail.audit {
                Console.output("  \(times.string(entry.at)) \(entry.from ?? "-") → \(entry.to) \(text(entry.reason ?? ""))")
            }
            Console.output(xml(detail.payload))
        }
    }
}
