import Foundation
@testable import Gateway
import Testing
import ThreadSupport

/// The worker's threads carry names the operating system shows (`top -H`, `perf`): on Linux a
/// name given to Foundation before a thread starts never reaches the kernel.
@Suite("Thread names")
struct ThreadNameTests {
    @Test(
        "names are cut to the kernel's 15 bytes, never inside a character",
        arguments: [
            ("swgate-send-3", "swgate-send-3"),
            ("swgate-receipt-poll", "swgate-receipt-"),
            ("swgate-回执回执", "swgate-回执"),
        ])
    func fitted(name: String, expected: String) {
        #expect(NamedThread.fitted(name) == expected)
    }

    @Test("the sending threads are named as the kernel sees them")
    func sendThreads() async throws {
        let threads = SendThreads(count: 2, name: "swgate-tsend")
        defer { threads.stop() }
        var names = Set<String>()
        for _ in 0..<200 {
            names = Self.kernelThreadNames()
            if names.isSuperset(of: ["swgate-tsend-0", "swgate-tsend-1"]) { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(names.isSuperset(of: ["swgate-tsend-0", "swgate-tsend-1"]), "threads seen: \(names.sorted())")
    }

    /// The names of this process's threads, as `/proc` shows them.
    static func kernelThreadNames() -> Set<String> {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return Set(
            tasks.compactMap { try? String(contentsOfFile: "/proc/self/task/\($0)/comm", encoding: .utf8) }
                .map { $0.trimmingCharacters(in: .newlines) })
    }
}
