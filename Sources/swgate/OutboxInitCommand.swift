import ArgumentParser
import Foundation
import JSONWriting
import Outbox

/// `swgate outbox init`: creates an outbox. Besides `submit`, the only command that does: every
/// other one refuses a path that holds none, so that a mistyped path is an error, not a new
/// empty outbox that reports success.
struct OutboxInitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create an empty outbox (a folder, or the tables in a PostgreSQL database).",
        discussion: """
            Example:
              swgate outbox init --outbox /var/lib/swgate/outbox
              swgate outbox init --outbox postgres://swgate@db.internal/swgate
            """
    )

    @OptionGroup var profile: ProfileOptions
    @OptionGroup var outbox: OutboxOptions

    @Flag(help: "Print one JSON document (the output contract: README, schemas/cli/).")
    var json = false

    func run() throws {
        let setting = outbox.resolve(profileDefault: profile.outboxSettingIfPresent())
        _ = try outbox.openOrCreate(setting)
        if json {
            Console.json([("outbox", .string(setting.display)), ("source", .string("\(setting.source)")), ("ready", .bool(true))])
        } else {
            Console.output("outbox ready at \(setting.display) (\(setting.source))")
        }
    }
}
