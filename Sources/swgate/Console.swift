import Foundation
import JSONWriting

/// Where the CLI writes: results to standard output, diagnostics to standard error.
///
/// Under `--json` standard output belongs to the one JSON document (``JSONContract``): a line of
/// prose a command prints goes to standard error instead, and every diagnostic is also kept for
/// the document's `error` member.
enum Console {
    static func output(_ line: String) {
        if JSONContract.shared.enabled {
            FileHandle.standardError.write(Data((line + "\n").utf8))
            return
        }
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    static func error(_ line: String) {
        if JSONContract.shared.enabled { JSONContract.shared.note(line) }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// The command's JSON answer (written once the command ends, see ``JSONContract``).
    static func json(_ object: JSONObject) {
        JSONContract.shared.set(object)
    }

    /// Whether standard output is a terminal (tables and progress only then).
    static var isTerminal: Bool { isatty(STDOUT_FILENO) != 0 }
}
