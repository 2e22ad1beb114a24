import ArgumentParser
import Foundation
import JSONWriting
import Outbox

/// `swgate doctor`: is the outbox sound?
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the outbox: SQLite's own integrity check and swgate's invariants. Exit 0 only if all hold.",
        discussion: """
            Example:
              swgate doctor --outbox outbox/
            """
    )

    @OptionGroup var outbox: OutboxOptions

    @Flag(help: "Print one JSON document (the output contract: README, schemas/cli/).")
    var json = false

    func run() throws {
        let store = try outbox.openExisting()
        let problems: [String]
        do {
            problems = try store.check()
        } catch {
            Console.error("swgate doctor: \(error.localizedDescription)")
            throw ExitCode(1)
        }
        if json {
            Console.json([
                ("outbox", .string(store.location)), ("ok", .bool(problems.isEmpty)),
                ("failedChecks", .array(problems.map { .string($0) })),
            ])
            if !problems.isEmpty { throw ExitCode(1) }
            return
        }
        if problems.isEmpty {
            Console.output("\(store.location): ok")
            return
        }
        for problem in problems { Console.output("\(store.location): \(problem)") }
        throw ExitCode(1)
    }
}
