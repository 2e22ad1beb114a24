import ArgumentParser
import Foundation
import JSONWriting
import Gateway
import Outbox

/// `swgate receipts watch DIR`: file-drop intake.
struct ReceiptsWatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract:
            "Take receipt files dropped into a folder: applied ones go to DIR/done/, unreadable ones to DIR/quarantine/ with a .err note.",
        discussion: """
            Only complete files are taken: not hidden, not *.tmp or *.part, and unmodified for --settle seconds.
            Writers should write under a temporary name and rename when done.

            Example:
              swgate receipts watch /srv/receipts/inbox --outbox outbox/
            """
    )

    @Argument(help: "The drop folder.", completion: .directory)
    var folder: String

    @OptionGroup var outbox: OutboxOptions

    @Option(help: "Status from which a document counts as accepted: 2 or 120.")
    var acceptance = "2"

    @Option(help: "Seconds a file must be unmodified before it is taken.")
    var settle = 1.0

    @Option(help: "Seconds between scans.")
    var interval = 1.0

    @Option(help: "Largest receipt file taken, bytes (a larger one is quarantined unread).")
    var maxBytes = ReceiptFileReader.defaultMaxBytes

    @Flag(help: "Scan once and exit (exit 1 if anything was quarantined).")
    var once = false

    @Flag(help: "With --once: print the pass as one JSON document.")
    var json = false

    @OptionGroup var logging: LogOptions

    func validate() throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("\(folder) is not a folder; create it or name the drop folder")
        }
        if json, !once { throw ValidationError("--json goes with --once (a watch that runs on has no one answer)") }
        if settle < 0 || interval <= 0 { throw ValidationError("--settle must be ≥ 0 and --interval > 0") }
        if maxBytes < 1024 { throw ValidationError("--max-bytes must be at least 1024") }
    }

    func run() async throws {
        LogSetup.bootstrap(logging)
        let store = try outbox.openExisting()
        let watcher = ReceiptFolderWatcher(
            folder: URL(fileURLWithPath: folder, isDirectory: true), intake: ReceiptIntake(store: store, acceptanceStatus: acceptance),
            settle: settle, maxBytes: maxBytes)
        while true {
            let pass: ReceiptFolderWatcher.Pass
            do {
                pass = try watcher.scan()
            } catch {
                // The folder itself cannot be used safely (a link, a file in the place of done/);
                // stop, naming it: retrying would meet the same.
                Console.error("watch: \(LogText.escaped(error.localizedDescription))")
                throw ExitCode(1)
            }
            for note in pass.notes { Console.error(note) }
            if json {
                let counts = pass.counts
                Console.json([
                    ("done", .int(pass.done)), ("quarantined", .int(pass.quarantined)), ("applied", .int(counts.applied)),
                    ("duplicates", .int(counts.duplicates)), ("unmatched", .int(counts.unmatched)),
                    ("refused", .int(counts.refused)),
                ])
            } else if pass.done + pass.quarantined > 0 || once {
                let counts = pass.counts
                Console.output(
                    "\(pass.done) files done, \(pass.quarantined) quarantined: \(counts.applied) applied, \(counts.duplicates) duplicates, \(counts.unmatched) unmatched"
                )
            }
            if once {
                if pass.quarantined > 0 { throw ExitCode(1) }
                return
            }
            try await Task.sleep(for: .milliseconds(Int(interval * 1000)))
        }
    }
}
