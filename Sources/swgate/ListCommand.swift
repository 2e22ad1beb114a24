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

    @Option(help: "Only this message type: CEB621Message, CEB621 or 621.")
    var type: String?

    @Option(help: "Only documents changed since then: 2026-12-05 (China time), 2026-12-05T10:00 or a full ISO-8601 time.")
    var since: String?

    @Option(help: "Only the documents of this order number.")
    var order: String?

    @Option(help: "At most this many documents (the output says how many match in all).")
    var limit = 100

    @Flag(help: "Only delivered documents still waiting for a final customs status past their deadline, oldest first.")
    var overdue = false

    @OptionGroup var deadlines: DeadlineOptions
    @OptionGroup var times: TimeDisplay

    @Flag(help: "Print one JSON document: {documents, shown, total, limit}.")
    var json = false

    @Flag(help: "Print one JSON object a line, streamed in constant memory (any --limit).")
    var jsonl = false

    func validate() throws {
        if let state, MessageState(rawValue: state) == nil {
            throw ValidationError("--state must be one of \(MessageState.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let type, MessageTypeArgument.parse(type) == nil { throw ValidationError(MessageTypeArgument.problem("--type", type)) }
        if let since, TimeArgument.parse(since) == nil { throw ValidationError(TimeArgument.problem("--since", since)) }
        if !deadlines.deadline.isEmpty, !overdue { throw ValidationError("--deadline goes with --overdue") }
        if overdue, state != nil || since != nil || order != nil {
            throw ValidationError("--overdue combines only with --type, --limit and --deadline")
        }
        if json, jsonl { throw ValidationError("--json or --jsonl, not both") }
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        let store = try outbox.openExisting()
        let messageType = type.flatMap(MessageTypeArgument.parse)
        let filter = DocumentFilter(
            state: state.flatMap(MessageState.init(rawValue:)), type: messageType, since: since.flatMap(TimeArgument.parse),
            orderNo: order, limit: limit
        )
        if jsonl, !overdue {
            try store.forEachDocument(filter) { JSONContract.shared.line(Self.object($0)) }
            return
        }
        var documents: [DocumentSummary]
        let total: Int
        do {
            if overdue {
                documents = try store.overdueDocuments(try deadlines.deadlines(), now: Date(), limit: Int.max)
                if let messageType { documents = documents.filter { $0.messageType == messageType } }
                total = documents.count
                documents = Array(documents.prefix(limit))
            } else {
                documents = try store.documents(filter)
                total = documents.count < limit ? documents.count : try store.documentCount(filter)
            }
        } catch {
            Console.error("swgate list: \(error.localizedDescription)")
            throw ExitCode(1)
        }
        if jsonl {
            for document in documents { JSONContract.shared.line(Self.object(document)) }
            return
        }
        if json {
            Console.json([
                ("documents", .array(documents.map { .object(Self.object($0)) })), ("shown", .int(documents.count)),
                ("total", .int(total)), ("limit", .int(limit)),
            ])
            return
        }
        var table = TextTable(columns: ["DOC", "MSG", "TYPE", "ORDER", "KEY", "CUSTOMS", "STATE", "ATTEMPTS", "UPDATED"])
        for document in documents {
            table.add([
                String(document.id), String(document.messageID), document.messageType.rawValue, document.orderNo, document.businessKey,
                StatusLabel.text(document.customsStatus, for: document.messageType), document.state.rawValue, String(document.attempts),
                times.string(document.updatedAt),
            ])
        }
        Console.output(documents.isEmpty ? "no documents match" : table.render())
        if total > documents.count {
            Console.output("showing \(documents.count) of \(NumberText.grouped(total)) (--limit)")
        }
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
        object.append("attemptCount", .int(document.attempts))
        object.append("preNo", document.preNo.map { .string($0) } ?? .null)
        object.append("invtNo", document.invtNo.map { .string($0) } ?? .null)
        object.append("updatedAt", .string(TimeDisplay.json(document.updatedAt)))
        return object
    }
}
