import Adapters
import ArgumentParser
import Foundation
import Gateway
import Outbox
import Signing

/// `swgate send --once`: one round of sending, then exit.
struct SendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Send what is due once, take in ready receipts, and exit.",
        discussion: """
            Example:
              swgate send --once --endpoint http://127.0.0.1:8080
            """
    )

    @Flag(help: "Send what is due now and exit (the only mode; for scripts and cron).")
    var once = false

    @OptionGroup var dispatch: DispatchOptions
    @OptionGroup var profile: ProfileOptions
    @OptionGroup var outbox: OutboxOptions

    @OptionGroup var logging: LogOptions

    func validate() throws {
        if !once { throw ValidationError("swgate send needs --once; use swgate run for a long-running worker") }
    }

    @Flag(help: "Print one JSON document: what the round left (as run --json).")
    var json = false

    func run() throws {
        LogSetup.bootstrap(logging)
        let profile = try self.profile.load()
        let store = try outbox.openExisting(profileDefault: self.profile.outboxDefault(profile))
        let signer = try SignerFactory.signer(for: profile, allowPlainHTTP: dispatch.allowPlainHTTP)
        let worker = try Worker(store: store, settings: try dispatch.settings(profile: profile), signer: signer) {
            Console.error("swgate: \($0)")
        }
        while try worker.round() {}
        let status = try store.status(now: Date())
        Console.error(
            "swgate send: \(status.messagesByState.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))")
        // One round is all that was asked; dead messages are work that did not happen.
        let verdict = try RunCommand.verdict(store: store, settled: true, notifying: false)
        if json { Console.json(try RunCommand.summary(store: store, end: "round", notifying: false)) }
        if verdict != .done { throw ExitCode(verdict.rawValue) }
    }
}
