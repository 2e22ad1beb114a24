import ArgumentParser
import CEBMessages
import Foundation
import Gateway
import JSONWriting
import Outbox

/// `swgate export`: a reconciliation report for the platform.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export every document with its customs status (CSV, JSON or JSON Lines), for reconciliation.",
        discussion: """
            The export is streamed from the outbox a page at a time: any size runs in constant memory \
            (except --json, which is one document). Customs' texts are masked as everywhere.

            Examples:
              swgate export --bom > report.csv        # for Excel
              swgate export --jsonl | jq .orderNo
            """
    )

    @Option(help: "csv, json or jsonl (--json and --jsonl say the same).")
    var format = "csv"

    @Flag(help: "One JSON document {documents, shown, total, limit}.")
    var json = false

    @Flag(help: "One JSON object a line.")
    var jsonl = false

    @Flag(help: "Begin the CSV with a UTF-8 byte-order mark, so that Excel shows Chinese text correctly.")
    var bom = false

    @Option(help: "At most this many documents (newest first).")
    var limit = 1_000_000

    @OptionGroup var outbox: OutboxOptions

    func validate() throws {
        guard ["csv", "json", "jsonl"].contains(format) else { throw ValidationError("--format must be csv, json or jsonl") }
        if json, jsonl { throw ValidationError("--json or --jsonl, not both") }
        if bom, json || jsonl || format != "csv" { throw ValidationError("--bom goes with CSV only") }
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        let store = try outbox.openExisting()
        let filter = DocumentFilter(limit: limit)
        let chosen = json ? "json" : jsonl ? "jsonl" : format
        do {
            switch chosen {
            case "json":
                var documents: [JSONOutput] = []
                try store.forEachDocument(filter) { documents.append(.object(ListCommand.object($0))) }
                Console.json([
                    ("documents", .array(documents)), ("shown", .int(documents.count)), ("total", .int(try store.documentCount(filter))),
                    ("limit", .int(limit)),
                ])
            case "jsonl":
                try store.forEachDocument(filter) { JSONContract.shared.line(ListCommand.object($0)) }
            default:
                var out = BufferedOutput { FileHandle.standardOutput.write(Data($0.utf8)) }
                out.write((bom ? CSVField.byteOrderMark : "") + Self.csvHeader + "\n")
                try store.forEachDocument(filter) { out.write(Self.csv($0) + "\n") }
                out.flush()
            }
        } catch {
            Console.error("swgate export: \(error.localizedDescription)")
            throw ExitCode(1)
        }
    }

    static let csvHeader =
        "id,messageType,orderNo,businessKey,customsStatus,customsInfo,state,attemptCount,preNo,invtNo,updatedAt,customsStatusMeaning,customsReasonCode,customsReasonText"

    /// One document as a CSV line, customs' texts masked.
    static func csv(_ document: DocumentSummary) -> String {
        let reason = document.customsInfo.flatMap(CustomsReason.parse)
        return [
            String(document.id), document.messageType.rawValue, document.orderNo, document.businessKey, document.customsStatus ?? "",
            document.customsInfo.map(PersonalData.maskText) ?? "", document.state.rawValue, String(document.attempts),
            document.preNo ?? "", document.invtNo ?? "", TimeDisplay.json(document.updatedAt),
            document.customsStatus.map { ReturnStatus.meaning(of: $0, for: document.messageType.receiptType ?? document.messageType) }
                ?? "",
            reason?.code ?? "", reason.map { PersonalData.maskText($0.text) } ?? "",
        ].map(CSVField.text).joined(separator: ",")
    }
}
