import ArgumentParser
import Foundation
import Outbox

/// `--outbox DIR|URL`: the outbox folder (default `./outbox`, or `$SWGATE_OUTBOX`), or a
/// `postgres://` URL for the outbox several gateway hosts share.
struct OutboxOptions: ParsableArguments {
    @Option(
        name: .long,
        help: "The outbox folder, or postgres://user@host:port/db for a shared one (default: $SWGATE_OUTBOX, else ./outbox).",
        completion: .directory
    )
    var outbox: String?

    var path: String {
        outbox ?? ProcessInfo.processInfo.environment["SWGATE_OUTBOX"] ?? "outbox"
    }

    /// Opens the outbox for a command that only reads or fixes what is there: a mistyped
    /// `--outbox` must be an error, not a new empty outbox that reports "0 documents".
    func openExisting() throws -> SQLOutbox {
        if SQLOutbox.isPostgres(path) { return try open() }
        let database = URL(fileURLWithPath: path, isDirectory: true).appendingPathComponent("outbox.sqlite").path
        guard FileManager.default.fileExists(atPath: database) else {
            Console.error("swgate: there is no outbox at \(path) (no outbox.sqlite there): pass --outbox DIR or set SWGATE_OUTBOX; `swgate submit` creates one")
            throw ExitCode(1)
        }
        return try open()
    }

    /// Opens the outbox, creating it when it is not there yet (submit, the worker, receipt intake).
    func open() throws -> SQLOutbox {
        do {
            return try SQLOutbox(location: path)
        } catch {
            Console.error("swgate: \(error.localizedDescription)")
            throw ExitCode(1)
        }
    }
}
