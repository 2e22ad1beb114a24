import Adapters
import ArgumentParser
import Foundation
import Gateway
import JSONWriting
import SchemaValidation

/// `swgate check BATCH`: the preflight alone — what customs would reject, before anything is queued.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a batch of platform records against every preflight rule.",
        discussion: """
            Reports every problem in one run: the record, the JSON path, the rule and what was expected. \
            Exit status: 0 when there are no errors (warnings allowed), 1 otherwise.

            Examples:
              swgate check examples/bonded-batch.json --config examples/swgate.json
              swgate check batch.jsonl --json
              swgate check --rules
            """
    )

    @Argument(help: "The batch file (.json, or .jsonl for JSON Lines).", completion: .file())
    var batch: String?

    @OptionGroup var profile: ProfileOptions

    @Flag(help: "Print one JSON document: the counts and every finding {rule, severity, file, record, path, message}.")
    var json = false

    @Flag(help: "List the preflight rules and exit.")
    var rules = false

    func validate() throws {
        if !rules, batch == nil { throw ValidationError("Name the batch file to check.") }
    }

    func run() throws {
        if rules {
            var table = TextTable(columns: ["RULE", "DEFAULT", "CHECKS THAT"])
            for rule in PreflightRule.all { table.add([rule.id, rule.severity.rawValue, rule.summary]) }
            table.maxCellWidth = 110
            if json {
                Console.json([
                    (
                        "rules",
                        .array(
                            PreflightRule.all.map {
                                .object([
                                    ("rule", .string($0.id)), ("severity", .string($0.severity.rawValue)), ("summary", .string($0.summary)),
                                ])
                            })
                    )
                ])
            } else {
                Console.output(table.render())
            }
            return
        }
        guard let batch else { return }
        let profile = try self.profile.load()
        let validator: SchemaValidator
        do {
            validator = try SchemaValidator()
        } catch {
            Console.error("swgate: \(error.localizedDescription)")
            throw ExitCode(1)
        }
        let log = IssueLog(file: batch, rules: profile.rules)
        var documents = 0
        try ConversionPipeline(profile: profile, validator: validator).run(URL(fileURLWithPath: batch), log: log) { output in
            documents += output.packed.documents.count
        }
        if json {
            var answer: JSONObject = [("batch", .string(batch)), ("documentCount", .int(documents)), ("ok", .bool(!log.hasErrors))]
            for member in IssueReport.members(log.issues).members { answer.append(member.key, member.value) }
            Console.json(answer)
        }
        IssueReport.print(log.issues)
        Console.error("\(batch): \(documents) documents checked; \(IssueReport.summary(log.issues))")
        if log.hasErrors { throw ExitCode(1) }
    }
}
