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

    /// What `--outbox` and `$SWGATE_OUTBOX` name, else the profile's `outbox` (for commands
    /// that read a profile), else `./outbox`.
    var path: String { path(profileDefault: nil) }

    func path(profileDefault: String?) -> String {
        // An empty variable is an unset one, not the current folder.
        let environment = ProcessInfo.processInfo.environment["SWGATE_OUTBOX"].flatMap { $0.isEmpty ? nil : $0 }
        return outbox ?? environment ?? profileDefault ?? "outbox"
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
    func open(profileDefault: String? = nil) throws -> SQLOutbox {
        do {
            return try SQLOutbox(location: path(profileDefault: profileDefault))
        } catch {
            Console.error("swgate: \(error.localizedDescription)")
            throw ExitCode(1)
        }
    }
}
