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

    @Flag(help: "Print the outcome as JSON.")
    var json = false

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
        let progress = Progress(label: "converting", enabled: !json)
        let report: Submission.Report
        do {
            report = try submission.run(URL(fileURLWithPath: batch)) { progress.update($0) }
        } catch {
            progress.finish()
            Console.error("swgate submit: \(error.localizedDescription); nothing was enqueued")
            throw ExitCode(1)
        }
        progress.finish()
        IssueReport.print(report.issues, json: false)
        let counts = Dictionary(grouping: report.documents, by: \.outcome).mapValues(\.count)
        if json {
            var object = JSONObject()
            object.append("enqueued", .bool(!report.failed))
            object.append("messages", .number(String(report.result?.enqueuedMessages ?? 0)))
            var byOutcome = JSONObject()
            for outcome in [Submission.Outcome.enqueued, .alreadyPresent, .amended, .refused] {
                byOutcome.append(outcome.rawValue, .number(String(counts[outcome] ?? 0)))
            }
            object.append("documents", .object(byOutcome))
            object.append(
                "details",
                .array(
                    report.documents.map { document in
                        var entry = JSONObject()
                        entry.append("messageType", .string(document.key.type.rawValue))
                        entry.append("businessKey", .string(document.key.businessKey))
                        entry.append("orderNo", .string(document.orderNo))
                        entry.append("record", .string(document.record))
                        entry.append("outcome", .string(document.outcome.rawValue))
                        if let reason = document.reason { entry.append("reason", .string(reason)) }
                        return .object(entry)
                    }))
            object.append("problems", .number(String(report.issues.count)))
            Console.output(JSONOutput.object(object).rendered())
        } else {
            for document in report.documents where document.outcome != .enqueued {
                Console.output(
                    "\(document.record): \(document.key.type.title) \(document.key.businessKey): \(document.outcome.rawValue)\(document.reason.map { " — \($0)" } ?? "")"
                )
            }
        }
        if report.failed {
            Console.error("\(batch): nothing enqueued; \(IssueReport.summary(report.issues)), \(counts[.refused] ?? 0) refused")
            throw ExitCode(1)
        }
        Console.error(
            "\(batch): \(counts[.enqueued] ?? 0) documents enqueued in \(report.result?.enqueuedMessages ?? 0) messages, \(counts[.alreadyPresent] ?? 0) already there, \(counts[.amended] ?? 0) amended → \(store.directory == nil ? store.location : outbox.resolve(profileDefault: self.profile.outboxDefault(profile)).location)"
        )
    }
}

/// A one-line progress counter on standard error, only when it is a terminal.
final class Progress {
    let label: String
    let enabled: Bool
    private var shown = false

    init(label: String, enabled: Bool) {
        self.label = label
        self.enabled = enabled && isatty(STDERR_FILENO) != 0
    }

    func update(_ count: Int) {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\(label): \(count) documents".utf8))
        shown = true
    }

    func finish() {
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
