import Adapters
import ArgumentParser
import CEBMessages
import Foundation
import Gateway
import Outbox
import SchemaValidation
import JSONWriting

/// `swgate submit BATCH`: accept a batch into the outbox — all of it, or none.
struct SubmitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Convert, check, validate and enqueue a batch in one transaction.",
        discussion: """
            All or nothing: if any record fails the preflight or the schema, nothing is enqueued and every \
            problem is listed. Submitting the same batch again enqueues nothing and says, per document, that it \
            is already there. A document already there with different content is refused, unless --amend \
            (then a modification, appType 2, is enqueued once customs has accepted the earlier one).

            Example:
              swgate submit examples/bonded-batch.json --config examples/swgate.json --outbox outbox/
            """
    )

    @Argument(help: "The batch file (.json or .jsonl).", completion: .file())
    var batch: String

    @OptionGroup var profile: ProfileOptions
    @OptionGroup var outbox: OutboxOptions

    @Option(help: "Put up to N documents of one type into one message (1–100).")
    var pack = 1

    @Flag(help: "Declare changed documents as modifications (appType 2) of accepted ones.")
    var amend = false

    @Flag(help: "Print one JSON document: the outcome of every document and every problem.")
    var json = false

    @Flag(name: .shortAndLong, help: "No live progress on a terminal.")
    var quiet = false

    func validate() throws {
        guard (1...100).contains(pack) else { throw ValidationError("--pack must be between 1 and 100") }
    }

    func run() throws {
        let profile = try self.profile.load()
        let store = try outbox.openOrCreate(outbox.resolve(profileDefault: self.profile.outboxDefault(profile)))
        let validator: SchemaValidator
        do {
            validator = try SchemaValidator()
        } catch {
            Console.error("swgate: \(error.localizedDescription)")
            throw ExitCode(1)
        }
        var submission = Submission(profile: profile, validator: validator, store: store)
        submission.pack = pack
        submission.amend = amend
        submission.detailEveryDocument = json
        let progress = SubmitProgressView(quiet: quiet)
        let report: Submission.Report
        do {
            report = try submission.run(URL(fileURLWithPath: batch)) { progress.update($0) }
        } catch {
            progress.finish()
            Console.error("swgate submit: \(error.localizedDescription); nothing was enqueued")
            throw ExitCode(1)
        }
        progress.finish()
        IssueReport.print(report.issues)
        let countsByOutcome = report.counts
        if json {
            var counts = JSONObject()
            for outcome in [Submission.Outcome.enqueued, .alreadyPresent, .amended, .refused] {
                counts.append(outcome.rawValue, .int(countsByOutcome[outcome] ?? 0))
            }
            var answer: JSONObject = [
                ("batch", .string(batch)), ("committed", .bool(!report.failed)),
                ("messageCount", .int(report.result?.enqueuedMessages ?? 0)), ("counts", .object(counts)),
                (
                    "documents",
                    .array(
                        report.documents.map { document in
                            .object([
                                ("messageType", .string(document.key.type.rawValue)),
                                ("businessKey", .string(document.key.businessKey)), ("orderNo", .string(document.orderNo)),
                                ("record", .string(document.record)), ("outcome", .string(document.outcome.rawValue)),
                                ("reason", document.reason.map { .string($0) } ?? .null),
                            ])
                        })
                ),
            ]
            for member in IssueReport.members(report.issues).members { answer.append(member.key, member.value) }
            Console.json(answer)
        } else {
            for document in report.documents where document.outcome != .enqueued {
                Console.output(
                    "\(document.record): \(document.key.type.title) \(document.key.businessKey): \(document.outcome == .alreadyPresent ? "already there" : document.outcome.rawValue)\(document.reason.map { " — \($0)" } ?? "")"
                )
            }
        }
        if report.failed {
            Console.error("\(batch): nothing enqueued; \(IssueReport.summary(report.issues)), \(countsByOutcome[.refused] ?? 0) refused")
            throw ExitCode(1)
        }
        Console.error(
            "\(batch): \(countsByOutcome[.enqueued] ?? 0) documents enqueued in \(report.result?.enqueuedMessages ?? 0) messages, \(countsByOutcome[.alreadyPresent] ?? 0) already there, \(countsByOutcome[.amended] ?? 0) amended → \(store.directory == nil ? store.location : outbox.resolve(profileDefault: self.profile.outboxDefault(profile)).location)"
        )
    }
}
