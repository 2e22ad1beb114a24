import Foundation

extension SwgateProcess {
    /// Runs swgate under a pseudo-terminal (util-linux `script`), as a person at a terminal would:
    /// standard output and standard error are both the terminal, and `stdout` of the result is
    /// everything the terminal was sent, control characters included.
    public static func runInTerminal(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let command = ([executable.path] + arguments).map(quoted).joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qefc", command, "/dev/null"]
        var env = ProcessInfo.processInfo.environment
        env["TERM"] = "xterm"
        env.removeValue(forKey: "NO_COLOR")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        // An input that stays open: at the end of its input `script` stops relaying the terminal.
        let input = Pipe()
        process.standardInput = input
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try? input.fileHandleForWriting.close()
        return Result(status: process.terminationStatus, stdout: String(decoding: data, as: UTF8.self), stderr: "")
    }
}
