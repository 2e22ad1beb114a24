import ArgumentParser
import Foundation
import Gateway
import JSONWriting
import Outbox

/// `swgate platform-data list`.
struct PlatformDataListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List customs' requests for payment data, newest first, with their upload state.",
        discussion: """
            States: pending (to upload, or retrying), uploaded (customs answered 10000), dead (given up; the last
            error says why), unknown-order (the outbox holds no such order).

            Example:
              swgate platform-data list --state dead
            """
    )

    @OptionGroup var outbox: OutboxOptions
    @Option(help: "Only requests in this state: pending, uploaded, dead, unknown-order.") var state: String?
    @Option(help: "Only requests for this order number.") var order: String?
    @Option(help: "At most this many.") var limit = 100
    @OptionGroup var times: TimeDisplay
    @Flag(help: "Print one JSON document {requests}.") var json = false

    func validate() throws {
        if let state, PlatformRequest.State(rawValue: state) == nil {
            throw ValidationError(
                "--state must be one of \(PlatformRequest.State.allCases.map(\.rawValue).joined(separator: ", ")), not '\(state)'")
        }
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        let store = try outbox.openExisting()
        let rows = try store.platformRequests(state: state.flatMap(PlatformRequest.State.init(rawValue:)), orderNo: order, limit: limit)
        if json {
            Console.json([("requests", .array(rows.map { .object(PlatformDataJSON.request($0, upload: false, reveal: false)) }))])
            return
        }
        var table = TextTable(columns: ["ID", "ORDER", "STATE", "ATTEMPTS", "RECEIVED", "CODE", "LAST ERROR"])
        table.maxCellWidth = 70
        for row in rows {
            table.add([
                String(row.id), row.orderNo, row.state.rawValue, String(row.attempts), times.string(row.receivedAt), row.lastCode ?? "",
                LogText.escaped(PersonalData.maskText(row.lastError ?? "")),
            ])
        }
        Console.output(rows.isEmpty ? "no requests" : table.render())
    }
}

/// One request as JSON, the same in `list` and `show`.
enum PlatformDataJSON {
    static func request(_ row: PlatformRequest, upload: Bool, reveal: Bool) -> JSONObject {
        var object = JSONObject()
        object.append("id", .number(String(row.id)))
        object.append("orderNo", .string(row.orderNo))
        object.append("sessionId", .string(row.sessionID))
        object.append("state", .string(row.state.rawValue))
        object.append("attemptCount", .int(row.attempts))
        object.append("askedAt", .string(TimeDisplay.json(row.askedAt)))
        object.append("receivedAt", .string(TimeDisplay.json(row.receivedAt)))
        object.append("source", .string(row.source))
        object.append("nextAttemptAt", row.state == .pending ? .string(TimeDisplay.json(row.nextAttemptAt)) : .null)
        object.append("doneAt", row.doneAt.map { .string(TimeDisplay.json($0)) } ?? .null)
        object.append("guid", row.guid.map { .string($0) } ?? .null)
        object.append("lastCode", row.lastCode.map { .string($0) } ?? .null)
        object.append("lastError", row.lastError.map { .string(PersonalData.maskText($0)) } ?? .null)
        if upload { object.append("upload", row.upload.map { .string(reveal ? $0 : PersonalData.maskText($0)) } ?? .null) }
        return object
    }
}
