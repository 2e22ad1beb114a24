import ArgumentParser
import Foundation
import JSONWriting
import Outbox

/// `swgate outbox migrate --from outbox/ --to postgres://…`: moves an outbox between engines.
struct OutboxMigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Copy an outbox into another (an embedded one into PostgreSQL, or back), verified by counts and checksums.",
        discussion: """
            Every table is copied in one transaction of the target, and before it commits each
            table there is checked against the source: the same number of rows and the same
            checksum of their contents. Anything different, and nothing is written. The target
            must be empty. Stop the workers first: the source must not change during the copy.

            Example:
              swgate outbox migrate --from outbox/ --to postgres://swgate@db.internal:5432/swgate
            """
    )

    @Option(help: "The outbox to copy: a folder, or a postgres:// URL.", completion: .directory)
    var from: String

    @Option(help: "The empty outbox to copy into: a postgres:// URL, or a new folder.")
    var to: String

    @Flag(help: "Print one JSON document (the output contract: README, schemas/cli/).")
    var json = false

    func run() throws {
        if !SQLOutbox.isPostgres(from),
            !FileManager.default.fileExists(
                atPath: URL(fileURLWithPath: from, isDirectory: true).appendingPathComponent("outbox.sqlite").path)
        {
            Console.error("swgate outbox migrate: there is no outbox at \(from) (no outbox.sqlite there)")
            throw ExitCode(1)
        }
        do {
            let source = try SQLOutbox(location: from)
            let target = try SQLOutbox(location: to)
            let digests = try source.copy(into: target)
            var table = TextTable(columns: ["table", "rows", "checksum"])
            for digest in digests { table.add([digest.table, String(digest.rows), String(digest.checksum.prefix(16)) + "…"]) }
            if json {
                Console.json([
                    ("from", .string(source.location)), ("to", .string(target.location)),
                    ("rowCount", .int(digests.reduce(0) { $0 + $1.rows })),
                    (
                        "tables",
                        .array(
                            digests.map {
                                .object([("table", .string($0.table)), ("rowCount", .int($0.rows)), ("checksum", .string($0.checksum))])
                            })
                    ),
                    ("verified", .bool(true)),
                ])
                return
            }
            Console.output(table.render())
            Console.output(
                "\(digests.reduce(0) { $0 + $1.rows }) rows copied from \(source.location) to \(target.location); every table verified")
        } catch {
            Console.error("swgate outbox migrate: \(error.localizedDescription)")
            throw ExitCode(1)
        }
    }
}
