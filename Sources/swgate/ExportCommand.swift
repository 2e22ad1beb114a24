import ArgumentParser
import CEBMessages
import Foundation
import Gateway
import Outbox
import JSONWriting

/// `swgate export`: a reconciliation report for the platform.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export every document with its customs status (CSV or JSON), for reconciliation.",
        discussion: """
            Example:
              swgate export --format csv > report.csv
            """
    )

    @Option(help: "csv or json.")
    var format = "csv"

    @Option(help: "At most this many documents (newest first).")
    var limit = 1_000_000

    @OptionGroup var outbox: OutboxOptions

    func validate() throws {
        guard ["csv", "json"].contains(format) else { throw ValidationError("--format must be csv or json") }
    }

    func run() throws {
        let store = try outbox.openExisting()
        let documents: [DocumentSummary]
        do {
            documents = try store.documents(DocumentFilter(limit: limit))
        } catch {
            Console.error("swgate export: \(error.localizedDescription)")
            throw ExitCode(1)
        }
        if format == "json" {
            Console.output(JSONOutput.renderedArray(documents.map { ListCommand.object($0) }))
            return
        }
        func reasons(_ document: DocumentSummary) -> (code: String?, text: String?) {
            let reason = document.customsInfo.flatMap(CustomsReason.parse)
            return (reason?.code, reason?.text)
        }
        func field(_ text: String?) -> String {
            guard let text else { return "" }
            if text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) {
                return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            return text
        }
        var lines = [
            "id,messageType,orderNo,businessKey,customsStatus,customsInfo,state,attempts,preNo,invtNo,updatedAt,customsStatusMeaning,customsReasonCode,customsReasonText"
        ]
        let formatter = ISO8601DateFormatter()
        for document in documents {
            lines.append(
                [
                    String(document.id), document.messageType.rawValue, field(document.orderNo), field(document.businessKey),
                    field(document.customsStatus),
                    field(document.customsInfo.map(PersonalData.maskText)), document.state.rawValue, String(document.attempts),
                    field(document.preNo), field(document.invtNo),
                    formatter.string(from: document.updatedAt),
                    field(
                        document.customsStatus.map {
                            ReturnStatus.meaning(of: $0, for: document.messageType.receiptType ?? document.messageType)
                        }),
                    field(reasons(document).code), field(reasons(document).text.map(PersonalData.maskText)),
                ].joined(separator: ","))
        }
        Console.output(lines.joined(separator: "\n"))
    }
}
