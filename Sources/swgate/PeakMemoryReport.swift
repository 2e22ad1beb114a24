import Foundation

/// With `SWGATE_PEAK_MEMORY_FILE` set, swgate writes its peak resident memory in bytes to that file
/// as it exits — how `swgate-bench submit` shows that `swgate status` stays flat as the outbox grows.
///
/// It reads `VmHWM` from `/proc/self/status`: the high-water mark of this program's own memory.
/// `getrusage` cannot tell: Linux carries the parent's peak into a child across `exec`, so a
/// child of a large benchmark reports the benchmark's size, not its own.
enum PeakMemoryReport {
    static func writeIfAsked() {
        guard let path = ProcessInfo.processInfo.environment["SWGATE_PEAK_MEMORY_FILE"], !path.isEmpty,
            let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kibibytes = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
        else { return }
        try? Data("\(kibibytes * 1024)\n".utf8).write(to: URL(fileURLWithPath: path))
    }
}
