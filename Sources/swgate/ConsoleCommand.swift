import Adapters
import ArgumentParser
import Console
import Foundation
import Gateway
import JSONWriting
import Signing

/// `swgate console`: the operator console in the browser.
struct ConsoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Serve the operator console: overview, search, documents, dead letters with retry and cancel.",
        discussion: """
            Pages in Chinese (default) or English (?lang=en). Without a token the console is read-only and binds to
            loopback only; with one (--token or $SWGATE_CONSOLE_TOKEN) operators log in with it and their name to retry
            and cancel (POST only, CSRF-protected, each action in the audit trail with the operator's name), and any
            other address needs --allow-remote (then every page needs the login). Prints its base URL on start.

            Example:
              SWGATE_CONSOLE_TOKEN=… swgate console --port 8088 --outbox outbox/
            """
    )

    @OptionGroup var outbox: OutboxOptions
    @Option(help: "Port (0: any free port).") var port = 8088
    @Option(help: "Address to bind; anything but loopback needs --allow-remote and a token.") var host = "127.0.0.1"
    @Flag(help: "Allow binding to a non-loopback address.") var allowRemote = false
    @Option(help: "The login token: @FILE reads it from a file (default: $SWGATE_CONSOLE_TOKEN; none: read-only).") var token: String?
    @Flag(help: "Print the base URL as a JSON document {url} once listening (the console runs on).") var json = false
    @OptionGroup var logging: LogOptions

    private func effectiveToken(warn: Bool = false) throws -> String? {
        try Secrets.value(token, option: "--token", environment: "SWGATE_CONSOLE_TOKEN", warn: warn)
    }

    func validate() throws {
        var configuration = ConsoleConfiguration()
        configuration.host = host
        if !allowRemote, !configuration.isLoopback { throw ValidationError("the console binds to loopback unless --allow-remote is given") }
        if !configuration.isLoopback, try effectiveToken() == nil {
            throw ValidationError("the console on \(host) needs a login token: add --token SECRET (or set SWGATE_CONSOLE_TOKEN)")
        }
    }

    func run() async throws {
        LogSetup.bootstrap(logging)
        let store = try outbox.openExisting()
        var configuration = ConsoleConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.token = try effectiveToken(warn: true)
        let profilePath = ProcessInfo.processInfo.environment["SWGATE_CONFIG"] ?? ProfileOptions.defaultPath
        if let profile = try? EnterpriseProfile.load(contentsOf: URL(fileURLWithPath: profilePath)) {
            configuration.taxTolerance = profile.tax.tolerance
            configuration.taxBillWithin = profile.tax.billWithin
            if let certificate = profile.signing?.certificateFile, let loaded = try? Certificate(contentsOf: certificate) {
                configuration.certificateDaysLeft = loaded.secondsUntilExpiry / 86_400
            }
        }
        let server = try await ConsoleServer.start(configuration, store: store)
        if json {
            JSONContract.shared.line([("url", .string(server.baseURL.absoluteString))])
        } else {
            Console.output(server.baseURL.absoluteString)
        }
        await server.wait()
    }
}
