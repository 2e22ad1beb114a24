import ArgumentParser
import Foundation
import Gateway
import Outbox
import JSONWriting

/// `swgate notifications list|retry`: the final statuses the platform has not been told yet.
struct NotificationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notifications",
        abstract: "Final-status notifications not yet delivered to the platform (--on-status, statusWebhook).",
        subcommands: [NotificationsListCommand.self, NotificationsRetryCommand.self]
    )
}

/// `swgate notifications list`.
struct NotificationsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List undelivered notifications, oldest first, with their attempts and last error.",
        discussion: """
            Example:
              swgate notifications list --json
            """
    )

    @OptionGroup var outbox: OutboxOptions

    @Option(help: "At most this many.") var limit = 100

    @OptionGroup var times: TimeDisplay

    @Flag(help: "Print one JSON document {notifications}.") var json = false

    func run() throws {
        let store = try outbox.openExisting()
        let rows = try store.undeliveredNotifications(limit: max(1, limit))
        if json {
            Console.json([
                (
                    "notifications",
                    .array(
                        rows.map { row in
                            var object = JSONObject()
                            object.append("id", .number(String(row.notification.id)))
                            object.append("documentId", .number(String(row.notification.documentID)))
                            object.append("attemptCount", .int(row.notification.attempts))
                            object.append("createdAt", .string(TimeDisplay.json(row.createdAt)))
                            object.append("nextAttemptAt", .string(TimeDisplay.json(row.nextAt)))
                            object.append("lastError", row.lastError.map { .string(PersonalData.maskText($0)) } ?? .null)
                            object.append("body", .string(row.notification.body))
                            return .object(object)
                        })
                )
            ])
            return
        }
        var table = TextTable(columns: ["ID", "DOCUMENT", "ATTEMPTS", "CREATED", "NEXT TRY", "LAST ERROR"])
        table.maxCellWidth = 80
        for row in rows {
            table.add([
                String(row.notification.id), String(row.notification.documentID), String(row.notification.attempts),
                times.string(row.createdAt), times.string(row.nextAt), LogText.escaped(PersonalData.maskText(row.lastError ?? "")),
            ])
        }
        Console.output(rows.isEmpty ? "no undelivered notifications" : table.render())
    }
}

/// `swgate notifications retry`.
struct NotificationsRetryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Make undelivered notifications due now (the running worker delivers them).",
        discussion: """
            Example:
              swgate notifications retry --all
              swgate notifications retry 12 13
            """
    )

    @Argument(help: "Notification ids (swgate notifications list).") var ids: [Int64] = []

    @Flag(help: "Every undelivered notification.") var all = false

    @OptionGroup var outbox: OutboxOptions

    @Flag(help: "Print one JSON document {due, notFound}.") var json = false

    func validate() throws {
        if ids.isEmpty != all { throw ValidationError("name notification ids, or --all (not both)") }
    }

    func run() throws {
        let store = try outbox.openExisting()
        let count = try store.retryNotifications(ids: all ? nil : ids, now: Date())
        if json {
            Console.json([("due", .int(count)), ("notFound", .int(all ? 0 : max(0, ids.count - count)))])
        } else {
            Console.output("\(count) notification\(count == 1 ? "" : "s") due now")
        }
        if !all, count < ids.count {
            Console.error(
                "swgate notifications retry: \(ids.count - count) of the ids are not undelivered notifications (swgate notifications list)")
            throw ExitCode(1)
        }
    }
}
