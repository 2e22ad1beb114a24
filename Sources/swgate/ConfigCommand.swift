import ArgumentParser
import Adapters
import Foundation
import Redaction
import JSONWriting

/// `swgate config show`: every effective setting and which source it came from.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show the settings swgate would use here, and where each comes from.",
        subcommands: [ConfigShowCommand.self]
    )
}

struct ConfigShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print each effective setting and its source (flag, environment, profile, default); secrets masked.",
        discussion: """
            Every setting resolves the same way: the flag, else the environment variable, else the
            profile, else the default.

            Example:
              swgate config show --config /etc/swgate/swgate.json
            """
    )

    @OptionGroup var profile: ProfileOptions
    @OptionGroup var outbox: OutboxOptions

    @Option(help: "The endpoint, as run and send would take it.") var endpoint: String?

    @Flag(help: "Print JSON.") var json = false

    struct Row {
        var name: String
        var value: String
        var source: String
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        func env(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        var rows: [Row] = []
        let profilePath = profile.path
        let profileSource =
            profile.config != nil ? "--config" : (env("SWGATE_CONFIG") != nil ? "$SWGATE_CONFIG" : "the default ./swgate.json")
        let loaded = FileManager.default.fileExists(atPath: profilePath) ? try profile.load() : nil
        rows.append(Row(name: "profile", value: profilePath + (loaded == nil ? " (not found)" : ""), source: profileSource))
        let outboxSetting = outbox.resolve(profileDefault: loaded.flatMap { profile.outboxDefault($0) })
        rows.append(Row(name: "outbox", value: outboxSetting.display, source: outboxSetting.source))
        if let endpoint {
            rows.append(Row(name: "endpoint", value: URLRedaction.redacted(endpoint), source: "--endpoint"))
        } else if let value = env("SWGATE_ENDPOINT") {
            rows.append(Row(name: "endpoint", value: URLRedaction.redacted(value), source: "$SWGATE_ENDPOINT"))
        } else if let value = loaded?.endpoint?.url {
            rows.append(Row(name: "endpoint", value: URLRedaction.redacted(value), source: "the profile's endpoint.url"))
        } else {
            rows.append(Row(name: "endpoint", value: "(none)", source: "run and send need --endpoint, $SWGATE_ENDPOINT or endpoint.url"))
        }
        rows.append(
            Row(
                name: "wire", value: loaded?.endpoint?.wire ?? "dxp",
                source: loaded?.endpoint != nil ? "the profile's endpoint.wire" : "the default"))
        rows.append(
            Row(
                name: "statusWebhook", value: loaded?.statusWebhook.map(URLRedaction.redacted) ?? "(none)",
                source: loaded?.statusWebhook != nil ? "the profile" : "not set"))
        if let signing = loaded?.signing {
            let kind =
                signing.url != nil
                ? "signing server \(URLRedaction.redacted(signing.url ?? ""))"
                : signing.command != nil ? "external command \(signing.command?.first ?? "")" : "key file \(signing.keyFile?.path ?? "")"
            rows.append(
                Row(name: "signing", value: "\(kind), certificate \(signing.certificateFile.path)", source: "the profile's signing"))
        } else {
            rows.append(Row(name: "signing", value: "(none: CEB621/623/625 cannot be sent)", source: "not set"))
        }
        for (name, variable) in [
            ("endpoint token", "SWGATE_TOKEN"), ("signer token", "SWGATE_SIGNER_TOKEN"), ("status webhook token", "SWGATE_STATUS_TOKEN"),
            ("receipts token", "SWGATE_RECEIPTS_TOKEN"), ("admin token", "SWGATE_ADMIN_TOKEN"),
            ("simulator token", "SWGATE_SIMULATOR_TOKEN"),
        ] {
            rows.append(
                Row(
                    name: name, value: env(variable) != nil ? "set (\(env(variable)?.count ?? 0) characters)" : "not set",
                    source: "$\(variable) (or the command's --token @FILE)"))
        }
        rows.append(Row(name: "hook environment", value: env("SWGATE_PASS_ENV") ?? "(base variables only)", source: "$SWGATE_PASS_ENV"))
        if json {
            Console.json([
                (
                    "settings",
                    .array(
                        rows.map { row in
                            .object([("setting", .string(row.name)), ("value", .string(row.value)), ("source", .string(row.source))])
                        })
                )
            ])
            return
        }
        var table = TextTable(columns: ["SETTING", "VALUE", "FROM"])
        table.maxCellWidth = 100
        for row in rows { table.add([row.name, row.value, row.source]) }
        Console.output(table.render())
    }
}
