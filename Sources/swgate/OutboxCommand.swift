import ArgumentParser

/// `swgate outbox …`: the store itself.
struct OutboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox",
        abstract: "Manage the outbox store itself: create one, or move an embedded outbox into PostgreSQL.",
        subcommands: [OutboxInitCommand.self, OutboxMigrateCommand.self]
    )
}
