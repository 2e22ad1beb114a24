import ArgumentParser
import Foundation
import Gateway
import Outbox

/// `swgate receipts import PATH...`: take in receipt files (also: replay).
struct ReceiptsImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Apply receipt files (or folders of them) to the outbox; importing again changes nothing.",
        discussion: """
            Example:
              swgate receipts import inbox/ --outbox outbox/
            """
    )

    @Argument(help: "Receipt files or folders.", completion: .file())
    var paths: [String]

    @OptionGroup var outbox: OutboxOptions

    @Option(help: "Status from which a document counts as accepted: 2 or 120.")
    var acceptance = "2"

    @Option(help: "Largest receipt file accepted, bytes (a larger one is refused unread).")
    var maxBytes = ReceiptFileReader.defaultMaxBytes

    @Flag(help: "Print the counts as JSON.")
    var json = false

    func validate() throws {
        if paths.isEmpty { throw ValidationError("Name receipt files or folders.") }
        if maxBytes < 1024 { throw ValidationError("--max-bytes must be at least 1024") }
    }

    func run() throws {
        let store = try outbox.openExisting()
        let intake = ReceiptIntake(store: store, acceptanceStatus: acceptance)
        let counts = try ReceiptFileImport(intake: intake).run(
            InputFiles.expand(paths), source: { "file \($0)" }, read: { [maxBytes] in try ReceiptFileReader.read($0, maxBytes: maxBytes) }
        ) { file, error in
            Console.error(LogText.escaped("\(file): refused: \(error.localizedDescription)"))
        }
        if json {
            Console.output(
                "{\"applied\": \(counts.applied), \"duplicates\": \(counts.duplicates), \"unmatched\": \(counts.unmatched), \"refused\": \(counts.refused)}"
            )
        } else {
            Console.output(
                "\(counts.applied) applied, \(counts.duplicates) duplicates, \(counts.unmatched) unmatched, \(counts.refused) refused")
        }
        if counts.refused > 0 { throw ExitCode(1) }
    }
}

/// `swgate receipts unmatched`: receipts waiting for their document.
struct ReceiptsUnmatchedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unmatched",
        abstract: "List receipts kept without being applied: for no document yet, or for a document never sent.",
        discussion: """
            A receipt for a document this outbox does not hold is kept and applied when the document
            is submitted and sent. A receipt for a document that was never sent is never applied:
            customs cannot have answered it, so it is forged or belongs to another system. Both kinds
            expire after 7 days; their raw receipts stay archived.
            """
    )

    @OptionGroup var outbox: OutboxOptions

    func run() throws {
        let store = try outbox.openExisting()
        var table = TextTable(columns: ["TYPE", "STATUS", "RECEIVED", "AGE", "WHY", "KEYS"])
        table.maxCellWidth = 240
        let formatter = ISO8601DateFormatter()
        let now = Date()
        for receipt in try store.unmatchedReceipts() {
            let why = receipt.unsentDocumentID.map { "document \($0) never sent" } ?? "no such document"
            table.add([
                receipt.type, receipt.status, formatter.string(from: receipt.receivedAt),
                Age.text(now.timeIntervalSince(receipt.receivedAt)), why, receipt.keys,
            ])
        }
        Console.output(table.render())
    }
}
