import ArgumentParser
import Foundation
import Outbox

/// `--outbox DIR`: the outbox folder (default `./outbox`, or `$SWGATE_OUTBOX`).
struct OutboxOptions: ParsableArguments {
    @Option(name: .long, help: "The outbox folder (default: $SWGATE_OUTBOX, else ./outbox).", completion: .directory)
    var outbox: String?

    var path: String {
        outbox ?? ProcessInfo.processInfo.environment["SWGATE_OUTBOX"] ?? "outbox"
    }

    func open() throws -> SQLiteOutbox {
        do {
            return try SQLiteOutbox(directory: URL(fileURLWithPath: path, isDirectory: true))
        } catch {
            Console.error("swgate: \(error.localizedDescription)")
            throw ExitCode(1)
        }
    }
}
