public import Foundation

/// Runs a program the operator configured — an external signer, a status hook — with bytes on
/// its standard input and a time limit, and collects what it prints.
public struct ExternalCommand: Sendable {
    public struct Output: Sendable {
        public var status: Int32
        public var standardOutput: Data
        public var standardError: Data

        /// The first few hundred bytes of standard error, trimmed: the program's own reason.
        public var reason: String {
            String(decoding: standardError.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    public enum Failure: Error, Sendable, LocalizedError {
        case cannotStart(String, String)
        case timedOut(TimeInterval)

        public var errorDescription: String? {
            switch self {
            case .cannotStart(let program, let reason): "cannot run \(program): \(reason)"
            case .timedOut(let seconds): "did not finish within \(seconds < 1 ? String(seconds) : String(Int(seconds))) s"
            }
        }
    }

    public let arguments: [String]
    public let timeout: TimeInterval

    /// The variables an operator's program inherits: what a program needs to run (`PATH`, locale,
    /// time zone, home, user, temporary folder), plus the names listed in `SWGATE_PASS_ENV`
    /// (comma-separated). Nothing else — above all not `PGPASSWORD`, the endpoint's, signer's or
    /// listeners' tokens — reaches a hook or a signer that does not need it.
    public static func inherited(from environment: [String: String]) -> [String: String] {
        let passed = Set((environment["SWGATE_PASS_ENV"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        return environment.filter { name, _ in
            baseVariables.contains(name) || name.hasPrefix("LC_") || passed.contains(name)
        }
    }

    /// A program that exits without reading its input (a hook answering `exit 1` at once) makes
    /// the write to its standard input fail; by default the kernel's SIGPIPE would end swgate
    /// with it. Ignored once per process, so the write fails with EPIPE instead and the
    /// program's exit status says what happened.
    static let brokenPipesIgnored: Void = { signal(SIGPIPE, SIG_IGN) }()

    static let baseVariables: Set<String> = ["PATH", "HOME", "LANG", "LANGUAGE", "TZ", "TMPDIR", "USER", "LOGNAME", "SHELL"]

    /// `arguments[0]` is the program's path.
    public init(_ arguments: [String], timeout: TimeInterval) {
        self.arguments = arguments
        self.timeout = timeout
    }

    public func run(input: Data, environment extra: [String: String] = [:]) throws(Failure) -> Output {
        guard let program = arguments.first, !program.isEmpty else { throw .cannotStart("(nothing)", "the command is empty") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = Array(arguments.dropFirst())
        var environment = Self.inherited(from: ProcessInfo.processInfo.environment)
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        _ = Self.brokenPipesIgnored
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        do {
            try process.run()
        } catch {
            throw .cannotStart(program, error.localizedDescription)
        }
        // Read both outputs concurrently so a chatty program never blocks on a full pipe.
        let collected = Collected()
        let readers = DispatchGroup()
        DispatchQueue.global().async(group: readers) { collected.set(output: stdout.fileHandleForReading.readDataToEndOfFile()) }
        DispatchQueue.global().async(group: readers) { collected.set(error: stderr.fileHandleForReading.readDataToEndOfFile()) }
        try? stdin.fileHandleForWriting.write(contentsOf: input)
        try? stdin.fileHandleForWriting.close()
        if exited.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            _ = exited.wait(timeout: .now() + 2)
            throw .timedOut(timeout)
        }
        readers.wait()
        return Output(status: process.terminationStatus, standardOutput: collected.output, standardError: collected.error)
    }
}

/// The two output streams, filled from two reader threads.
private final class Collected: @unchecked Sendable {  // both buffers are read and written under `lock`
    private let lock = NSLock()
    private var outputData = Data()
    private var errorData = Data()

    func set(output data: Data) { lock.withLock { outputData = data } }
    func set(error data: Data) { lock.withLock { errorData = data } }
    var output: Data { lock.withLock { outputData } }
    var error: Data { lock.withLock { errorData } }
}
