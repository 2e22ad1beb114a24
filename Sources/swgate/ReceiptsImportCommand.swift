import ArgumentParser
import Foundation
import JSONWriting
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
            Console.json([
                ("applied", .int(counts.applied)), ("duplicates", .int(counts.duplicates)), ("unmatched", .int(counts.unmatched)),
                ("refused", .int(counts.refused)),
            ])
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
    @OptionGroup var times: TimeDisplay

    @Flag(help: "Print one JSON document (the output contract: README, schemas/cli/).")
    var json = false

    func run() throws {
        let store = try outbox.openExisting()
        let receipts = try store.unmatchedReceipts()
        if json {
            Console.json([
                (
                    "receipts",
                    .array(
                        receipts.map { receipt in
                            .object([
                                ("messageType", .string(receipt.type)), ("customsStatus", .string(receipt.status)),
                                ("receivedAt", .string(TimeDisplay.json(receipt.receivedAt))),
                                ("unsentDocumentId", receipt.unsentDocumentID.map { .int(Int($0)) } ?? .null),
                                ("keys", .string(receipt.keys)),
                            ])
                        })
                )
            ])
            return
        }
        var table = TextTable(columns: ["TYPE", "STATUS", "RECEIVED", "AGE", "WHY", "KEYS"])
        table.maxCellWidth = 240
        let now = Date()
        for receipt in receipts {
            let why = receipt.unsentDocumentID.map { "document \($0) never sent" } ?? "no such document"
            table.add([
                receipt.type, receipt.status, times.string(receipt.receivedAt),
                Age.text(now.timeIntervalSince(receipt.receivedAt)), why, receipt.keys,
            ])
        }
        Console.output(receipts.isEmpty ? "no unmatched receipts" : table.render())
    }
}
