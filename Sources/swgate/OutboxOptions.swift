import ArgumentParser
import Foundation
import Outbox
import Redaction

/// `--outbox DIR|URL`: the outbox folder, or a `postgres://` URL for the outbox several gateway
/// hosts share. Every command finds it the same way: `--outbox`, else `$SWGATE_OUTBOX`, else the
/// profile's `outbox`, else `./outbox`.
struct OutboxOptions: ParsableArguments {
    @Option(
        name: .long,
        help:
            "The outbox folder, or postgres://user@host:port/db for a shared one (default: $SWGATE_OUTBOX, else the profile's outbox, else ./outbox).",
        completion: .directory
    )
    var outbox: String?

    /// Where the outbox is, and which setting said so (for messages and `config show`).
    struct Setting {
        var location: String
        var source: String
        var display: String { URLRedaction.redacted(location) }
    }

    func resolve(profileDefault: (value: String, file: String)?) -> Setting {
        if let outbox { return Setting(location: outbox, source: "--outbox") }
        // An empty variable is an unset one, not the current folder.
        if let environment = ProcessInfo.processInfo.environment["SWGATE_OUTBOX"], !environment.isEmpty {
            return Setting(location: environment, source: "$SWGATE_OUTBOX")
        }
        if let profileDefault { return Setting(location: profileDefault.value, source: "the profile's outbox (\(profileDefault.file))") }
        return Setting(location: "outbox", source: "the default ./outbox")
    }

    /// For commands without `--config`: the profile's `outbox`, when `$SWGATE_CONFIG` or
    /// `./swgate.json` names one.
    var path: String { resolve(profileDefault: ProfileOptions.outboxOfDefaultProfile()).location }

    /// Opens the outbox for every command but `submit` and `outbox init`: a mistyped path must be
    /// an error naming the path and where it came from, not a new empty outbox that reports
    /// "0 documents" or "every document is settled".
    func openExisting(profileDefault: (value: String, file: String)? = ProfileOptions.outboxOfDefaultProfile()) throws -> SQLOutbox {
        let setting = resolve(profileDefault: profileDefault)
        if !SQLOutbox.isPostgres(setting.location) {
            let database = URL(fileURLWithPath: setting.location, isDirectory: true).appendingPathComponent("outbox.sqlite").path
            guard FileManager.default.fileExists(atPath: database) else {
                Console.error(
                    "swgate: there is no outbox at \(setting.display) (from \(setting.source); no outbox.sqlite there): pass --outbox DIR or set SWGATE_OUTBOX; `swgate submit` or `swgate outbox init` creates one"
                )
                throw ExitCode(1)
            }
        }
        return try open(setting, create: false)
    }

    /// Opens the outbox, creating it when it is not there yet: `submit` and `outbox init` only.
    func openOrCreate(_ setting: Setting) throws -> SQLOutbox {
        try open(setting, create: true)
    }

    private func open(_ setting: Setting, create: Bool) throws -> SQLOutbox {
        do {
            return try SQLOutbox(location: setting.location)
        } catch {
            Console.error("swgate: \(error.localizedDescription) (outbox from \(setting.source))")
            throw ExitCode(1)
        }
    }
}
