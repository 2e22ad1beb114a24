import ArgumentParser
import CEBMessages
import Foundation
import Gateway
import Outbox
import JSONWriting

/// `swgate list`: documents, newest first.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List documents with their customs status and message state.",
        discussion: """
            Example:
              swgate list --state dead --type CEB621Message --json
            """
    )

    @OptionGroup var outbox: OutboxOptions

    @Option(help: "Only messages in this state (queued, sending, sent, acknowledged, rejected, retry-wait, dead, cancelled).")
    var state: String?

    @Option(help: "Only this message type, e.g. CEB621Message.")
    var type: String?

    @Option(help: "Only documents changed since this ISO-8601 time.")
    var since: String?

    @Option(help: "Only the documents of this order number.")
    var order: String?

    @Option(help: "At most this many documents.")
    var limit = 100

    @Flag(help: "Only delivered documents still waiting for a final customs status past their deadline, oldest first.")
    var overdue = false

    @OptionGroup var deadlines: DeadlineOptions

    @Flag(help: "Print JSON.")
    var json = false

    func validate() throws {
        if let state, MessageState(rawValue: state) == nil {
            throw ValidationError("--state must be one of \(MessageState.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let type, CEBMessageType(rawValue: type) == nil { throw ValidationError("--type must be a message type such as CEB621Message") }
        if let since, ISO8601DateFormatter().date(from: since) == nil {
            throw ValidationError("--since must be an ISO-8601 time, e.g. 2026-11-25T00:00:00+08:00")
        }
        if !deadlines.deadline.isEmpty, !overdue { throw ValidationError("--deadline goes with --overdue") }
        if overdue, state != nil || since != nil || order != nil {
            throw ValidationError("--overdue combines only with --type, --limit and --deadline")
        }
    }

    func run() throws {
        let store = try outbox.openExisting()
        let filter = DocumentFilter(
            state: state.flatMap(MessageState.init(rawValue:)), type: type.flatMap(CEBMessageType.init(rawValue:)),
            since: since.flatMap { ISO8601DateFormatter().date(from: $0) }, orderNo: order, limit: limit
        )
        var documents: [DocumentSummary]
        do {
            if overdue {
                documents = try store.overdueDocuments(try deadlines.deadlines(), now: Date(), limit: type == nil ? limit : Int.max)
                if let type { documents = Array(documents.filter { $0.messageType.rawValue == type }.prefix(limit)) }
            } else {
                documents = try store.documents(filter)
            }
        } catch {
            Console.error("swgate list: \(error.localizedDescription)")
            throw ExitCode(1)
        }
        if json {
            Console.output(JSONOutput.renderedArray(documents.map { Self.object($0) }))
            return
        }
        var table = TextTable(columns: ["DOC", "MSG", "TYPE", "ORDER", "KEY", "CUSTOMS", "STATE", "ATTEMPTS"])
        for document in documents {
            table.add([
                String(document.id), String(document.messageID), document.messageType.rawValue, document.orderNo, document.businessKey,
                document.customsStatus ?? "-",
                document.state.rawValue, String(document.attempts),
            ])
        }
        Console.output(table.render())
    }

    /// A document as JSON; customs' text is masked (it may quote an identity number) unless `reveal`.
    static func object(_ document: DocumentSummary, reveal: Bool = false) -> JSONObject {
        var object = JSONObject()
        object.append("id", .number(String(document.id)))
        object.append("messageType", .string(document.messageType.rawValue))
        object.append("orderNo", .string(document.orderNo))
        object.append("businessKey", .string(document.businessKey))
        object.append("customsStatus", document.customsStatus.map { .string($0) } ?? .null)
        object.append("customsInfo", document.customsInfo.map { .string(reveal ? $0 : PersonalData.maskText($0)) } ?? .null)
        // What the status means, and customs' reason split into its code (stable, for programs) and text.
        object.append(
            "customsStatusMeaning",
            document.customsStatus.map {
                .string(ReturnStatus.meaning(of: $0, for: document.messageType.receiptType ?? document.messageType))
            }
                ?? .null)
        let reason = document.customsInfo.flatMap(CustomsReason.parse)
        object.append("customsReasonCode", reason?.code.map { .string($0) } ?? .null)
        object.append("customsReasonText", reason.map { .string(reveal ? $0.text : PersonalData.maskText($0.text)) } ?? .null)
        object.append("state", .string(document.state.rawValue))
        object.append("guid", .string(document.guid))
        object.append("messageId", .number(String(document.messageID)))
        object.append("messageGuid", .string(document.messageGuid))
        object.append("attempts", .number(String(document.attempts)))
        object.append("preNo", document.preNo.map { .string($0) } ?? .null)
        object.append("invtNo", document.invtNo.map { .string($0) } ?? .null)
        return object
    }
}
