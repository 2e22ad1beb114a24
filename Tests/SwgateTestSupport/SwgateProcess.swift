public import Foundation
import ThreadSupport

/// Runs the built `swgate` executable as a real process.
public struct SwgateProcess {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// The `swgate` binary beside the test bundle (SwiftPM builds executables with the tests).
    public static var executable: URL {
        var candidates: [URL] = []
        if let bundle = Bundle.main.executableURL?.deletingLastPathComponent() {
            candidates.append(bundle.appendingPathComponent("swgate"))
            candidates.append(bundle.deletingLastPathComponent().appendingPathComponent("swgate"))
        }
        if let argument = CommandLine.arguments.first {
            let directory = URL(fileURLWithPath: argument).deletingLastPathComponent()
            candidates.append(directory.appendingPathComponent("swgate"))
            candidates.append(directory.deletingLastPathComponent().appendingPathComponent("swgate"))
        }
        candidates.append(Fixtures.checkout.appendingPathComponent(".build/debug/swgate"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[candidates.count - 1]
    }

    /// ``run(_:environment:in:)`` waited for on a thread of its own, for a process that talks to a
    /// listener in the test's process: the wait must not hold a thread of the concurrency pool the
    /// listener answers on.
    public static func runAgainstListener(_ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil)
        async throws -> Result
    {
        try await BlockingWork.run("swgate-process") { try run(arguments, environment: environment, in: directory) }
    }

    /// Runs `swgate arguments…` to completion, with an empty standard input.
    public static func run(_ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes while the process runs so a large output cannot block it.
        let outData = LockedData()
        let errData = LockedData()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            outData.set(out.fileHandleForReading.readDataToEndOfFile())
            group.leave()
        }
        group.enter()
        DispatchQueue.global().async {
            errData.set(err.fileHandleForReading.readDataToEndOfFile())
            group.leave()
        }
        process.waitUntilExit()
        group.wait()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: outData.get(), as: UTF8.self),
            stderr: String(decoding: errData.get(), as: UTF8.self)
        )
    }
}

/// A `Data` box shared between a reader thread and the caller.
final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()

    func set(_ value: Data) {
        lock.lock()
        data = value
        lock.unlock()
    }

    func get() -> Data {
        lock.lock()
        defer { lock.unlock() }
        return data
    }
}
