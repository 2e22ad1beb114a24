import ArgumentParser
import Foundation
import Gateway
import JSONWriting
import Outbox

/// `swgate platform-data show`.
struct PlatformDataShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one request: its state, attempts, customs' last answer and the upload as sent.",
        discussion: """
            The upload is shown with long digit runs (identity and telephone numbers in the raw exchange) masked;
            --reveal shows it exactly as sent.

            Example:
              swgate platform-data show 12
              swgate platform-data show 3f6c0e0a-session-id --json
            """
    )

    @Argument(help: "The request's id or customs' sessionID (swgate platform-data list).") var reference: String
    @OptionGroup var outbox: OutboxOptions
    @Flag(help: "Show personal data in the upload unmasked.") var reveal = false
    @OptionGroup var times: TimeDisplay
    @Flag(help: "Print one JSON document {request}.") var json = false

    func run() throws {
        let store = try outbox.openExisting()
        guard let row = try store.platformRequest(reference) else {
            Console.error(
                "swgate platform-data show: no request '\(LogText.escaped(reference))' (an id or a sessionID: swgate platform-data list)")
            throw ExitCode(1)
        }
        if json {
            Console.json([("request", .object(PlatformDataJSON.request(row, upload: true, reveal: reveal)))])
            return
        }
        var lines = [
            "request \(row.id)  order \(row.orderNo)  \(row.state.rawValue)",
            "  session      \(row.sessionID)",
            "  asked        \(times.string(row.askedAt)) (received \(times.string(row.receivedAt)) from \(row.source))",
            "  attempts     \(row.attempts)" + (row.state == .pending ? ", next \(times.string(row.nextAttemptAt))" : ""),
        ]
        if let doneAt = row.doneAt { lines.append("  done         \(times.string(doneAt))") }
        if let guid = row.guid { lines.append("  guid         \(guid)") }
        if let code = row.lastCode {
            lines.append("  customs      \(code)\(PlatformUploadDecision.meaning(code).map { " (\($0))" } ?? "")")
        }
        if let error = row.lastError { lines.append("  last error   \(LogText.escaped(PersonalData.maskText(error)))") }
        if let upload = row.upload { lines.append("  upload       \(reveal ? upload : PersonalData.maskText(upload))") }
        Console.output(lines.joined(separator: "\n"))
    }
}
