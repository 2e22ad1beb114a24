import ArgumentParser
import Foundation
import Gateway
import JSONWriting

/// The `--json` contract: with `--json` (or `--jsonl`) standard output carries exactly one JSON
/// document, on success and on failure, so that a program never has to parse prose.
///
/// A command hands its answer to ``set(_:)``; `main` writes it when the command ends, adding an
/// `error` member (exit code, kind, message) when the command failed, or writing `{"error": …}`
/// alone when it failed before it had an answer. With `--jsonl` rows are streamed as they come
/// (``line(_:)``) and a failure ends the stream with one `{"error": …}` line. Stray text a command
/// would print goes to standard error in this mode, so standard output stays parseable.
final class JSONContract: @unchecked Sendable {  // all state behind `lock`
    static let shared = JSONContract(arguments: CommandLine.arguments)

    /// `--json` or `--jsonl` is among the options (before any `--`).
    let enabled: Bool
    /// `--jsonl`: rows are streamed one object a line.
    let streaming: Bool

    private let lock = NSLock()
    private var document: JSONObject?
    private var streamed = false
    private var errorDetails = JSONObject()
    private var diagnostics: [String] = []
    private static let keptDiagnostics = 20

    init(arguments: [String]) {
        let options = Array(arguments.dropFirst().prefix { $0 != "--" })
        // `export --format json|jsonl` says the same as --json and --jsonl.
        var format: String?
        for (index, option) in options.enumerated() {
            if option == "--format", index + 1 < options.count { format = options[index + 1] }
            if option.hasPrefix("--format=") { format = String(option.dropFirst("--format=".count)) }
        }
        streaming = options.contains("--jsonl") || format == "jsonl"
        enabled = streaming || options.contains("--json") || format == "json"
    }

    /// The command's answer, written by `main` when the command ends.
    func set(_ object: JSONObject) {
        lock.withLock { document = object }
    }

    /// One row of a `--jsonl` stream, written at once.
    func line(_ object: JSONObject) {
        write(JSONOutput.object(object).rendered(indent: nil) + "\n")
    }

    /// Text of a document the command streams itself (too large to hold), written at once.
    func write(_ text: String) {
        lock.withLock { streamed = true }
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Further members of the `error` member (e.g. the file and every problem of a profile).
    func addErrorDetails(_ details: JSONObject) {
        lock.withLock { for member in details.members { errorDetails.append(member.key, member.value) } }
    }

    /// Remembers a diagnostic line (the last few) for the error member.
    func note(_ diagnostic: String) {
        lock.withLock {
            diagnostics.append(diagnostic)
            if diagnostics.count > Self.keptDiagnostics { diagnostics.removeFirst() }
        }
    }

    /// Writes the document at the end of the command: the answer, with `error` when `exitCode` is
    /// not 0; `message` is the error's own text when it has one, else the last diagnostic.
    ///
    /// A document the command streamed itself is complete on success; when such a command fails
    /// half-way under `--json` its document stays unfinished (not valid JSON) and the exit code
    /// says why; under `--jsonl` the stream ends with the error line as always.
    func finish(exitCode: Int32, message: String?) {
        let (answer, notes, wasStreamed, details) = lock.withLock { (document, diagnostics, streamed, errorDetails) }
        var output = answer ?? JSONObject()
        if exitCode != 0 {
            var error = Self.error(exitCode: exitCode, message: message ?? notes.last, diagnostics: notes)
            for member in details.members { error.append(member.key, member.value) }
            output.append("error", .object(error))
        }
        if streaming || wasStreamed {
            guard exitCode != 0, streaming || !wasStreamed else { return }
            line(output)
        } else {
            FileHandle.standardOutput.write(Data((JSONOutput.object(output).rendered() + "\n").utf8))
        }
    }

    /// The `error` member: the exit code, its name (`swgate exit-codes`), and what went wrong.
    static func error(exitCode: Int32, message: String?, diagnostics: [String]) -> JSONObject {
        let status = ExitStatus(rawValue: exitCode)
        return [
            ("exitCode", .int(Int(exitCode))),
            ("kind", .string(status.map { "\($0)" } ?? "problem")),
            ("message", .string(message ?? status?.meaning ?? "failed")),
            ("diagnostics", .array(diagnostics.map { .string($0) })),
        ]
    }
}
