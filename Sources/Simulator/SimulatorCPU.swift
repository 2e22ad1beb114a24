import Foundation
import NIOConcurrencyHelpers

#if canImport(Glibc)
    import Glibc
#endif

/// The CPU time the simulator spends on its own work — unwrapping, validating and matching what
/// it receives, writing and handing out receipts — so that a benchmark running it in-process can
/// tell the gateway's cost from customs'. Summed over threads: each measured stretch runs without
/// suspending, on the thread whose CPU clock is read. (The HTTP server's event loops are counted
/// by their threads instead.)
public final class SimulatorCPU: Sendable {
    private let nanoseconds = NIOLockedValueBox<UInt64>(0)

    public init() {}

    /// CPU seconds measured so far.
    public var seconds: Double { Double(nanoseconds.withLockedValue { $0 }) / 1e9 }

    /// Runs `body` (which must not suspend) and adds the CPU time it took on this thread.
    func measure<T>(_ body: () throws -> T) rethrows -> T {
        let start = Self.threadNanoseconds()
        defer {
            let spent = Self.threadNanoseconds() &- start
            nanoseconds.withLockedValue { $0 &+= spent }
        }
        return try body()
    }

    private static func threadNanoseconds() -> UInt64 {
        var usage = rusage()
        getrusage(1, &usage)  // RUSAGE_THREAD (Linux), which Glibc does not import without _GNU_SOURCE
        let user = UInt64(usage.ru_utime.tv_sec) * 1_000_000 + UInt64(usage.ru_utime.tv_usec)
        let system = UInt64(usage.ru_stime.tv_sec) * 1_000_000 + UInt64(usage.ru_stime.tv_usec)
        return (user + system) * 1_000
    }

}
