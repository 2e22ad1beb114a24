import Foundation

/// Where the CLI writes: results to standard output, diagnostics to standard error.
enum Console {
    static func output(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Whether standard output is a terminal (tables and progress only then).
    static var isTerminal: Bool { isatty(STDOUT_FILENO) != 0 }
}
