import Foundation

/// One benchmark's figures, printed as a table row or a JSON line.
struct BenchmarkResult {
    var benchmark: String
    var unit: String
    var rate: Double
    var baseline: String?
    var baselineRate: Double?
    var seconds: Double
    var peakRSSBytes: Int = ResourceUsage.peakRSSBytes()
    var extra: [(String, String)] = []

    var ratio: Double? {
        guard let baselineRate, baselineRate > 0 else { return nil }
        return rate / baselineRate
    }

    func print(json: Bool) {
        if json {
            var fields: [String] = [
                "\"benchmark\": \"\(benchmark)\"",
                "\"unit\": \"\(unit)\"",
                "\"rate\": \(Self.number(rate))",
            ]
            if let baseline { fields.append("\"baseline\": \"\(baseline)\"") }
            if let baselineRate { fields.append("\"baselineRate\": \(Self.number(baselineRate))") }
            if let ratio { fields.append("\"ratio\": \(Self.number(ratio))") }
            fields.append("\"peakRSSBytes\": \(peakRSSBytes)")
            fields.append("\"seconds\": \(Self.number(seconds))")
            for (key, value) in extra { fields.append("\"\(key)\": \(value)") }
            Swift.print("{" + fields.joined(separator: ", ") + "}")
        } else {
            Swift.print("benchmark      \(benchmark)")
            Swift.print("rate           \(Self.number(rate)) \(unit)")
            if let baseline, let baselineRate {
                Swift.print("baseline       \(baseline): \(Self.number(baselineRate)) \(unit)")
            }
            if let ratio { Swift.print("ratio          \(Self.number(ratio))×") }
            Swift.print("seconds        \(Self.number(seconds))")
            Swift.print("peak RSS       \(peakRSSBytes / 1_048_576) MiB")
            for (key, value) in extra {
                Swift.print("\(key.padding(toLength: max(15, key.count + 1), withPad: " ", startingAt: 0))\(value)")
            }
            Swift.print("")
        }
    }

    static func number(_ value: Double) -> String {
        value >= 100 ? String(format: "%.0f", value) : String(format: "%.3f", value)
    }
}

/// Process resource figures.
enum ResourceUsage {
    /// Peak resident set size of this process so far, in bytes.
    static func peakRSSBytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss) * 1024
    }

    /// CPU seconds (user and system) this process has used so far, every thread included.
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// The CPU seconds each live thread of this process has used so far, by thread id, with its
    /// name as the kernel shows it — from `/proc/self/task`.
    static func threadsCPU() -> [Int: (name: String, seconds: Double)] {
        let tasks = URL(fileURLWithPath: "/proc/self/task")
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        var threads: [Int: (name: String, seconds: Double)] = [:]
        for task in (try? FileManager.default.contentsOfDirectory(atPath: tasks.path)) ?? [] {
            let folder = tasks.appendingPathComponent(task)
            guard let id = Int(task), let name = try? String(contentsOf: folder.appendingPathComponent("comm"), encoding: .utf8),
                let stat = try? String(contentsOf: folder.appendingPathComponent("stat"), encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { continue }
            // After "pid (comm) ": state is field 3, utime and stime fields 14 and 15.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { continue }
            threads[id] = (name.trimmingCharacters(in: .newlines), (user + system) / ticks)
        }
        return threads
    }

    /// CPU seconds used since `before` (a ``threadsCPU()`` reading) by the live threads whose name
    /// does not start with `prefix`; a thread started since counts from zero.
    static func cpuSeconds(since before: [Int: (name: String, seconds: Double)], outside prefix: String) -> Double {
        threadsCPU().reduce(0) { total, thread in
            thread.value.name.hasPrefix(prefix) ? total : total + thread.value.seconds - (before[thread.key]?.seconds ?? 0)
        }
    }
}

/// Wall-clock timing.
enum Stopwatch {
    static func time(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// CPU seconds the calling thread has used so far: unlike wall time, barely moved by other
    /// guests taking this VM's cores (steal), so the figure to compare two versions of a hot loop by.
    static func threadCPUSeconds() -> (user: Double, system: Double) {
        var usage = rusage()
        getrusage(1, &usage)  // RUSAGE_THREAD (Linux), which Glibc does not import without _GNU_SOURCE
        let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        return (user, Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6)
    }
}
