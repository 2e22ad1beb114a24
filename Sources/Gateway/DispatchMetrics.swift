import Foundation

/// What the dispatcher has done since the process started, for `/metrics`: attempts by outcome
/// and a histogram of send latency. Thread-safe; cheap enough to update on every send.
public final class DispatchMetrics: @unchecked Sendable {  // every counter is read and written under `lock`
    /// Upper bounds of the latency buckets, seconds (Prometheus `le`).
    public static let bounds: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]

    private let lock = NSLock()
    private var outcomes: [String: Int] = [:]
    private var buckets = [Int](repeating: 0, count: DispatchMetrics.bounds.count)
    private var count = 0
    private var sum = 0.0

    public init() {}

    func record(outcome: String, seconds: Double) {
        lock.withLock {
            outcomes[outcome, default: 0] += 1
            count += 1
            sum += seconds
            for (index, bound) in Self.bounds.enumerated() where seconds <= bound { buckets[index] += 1 }
        }
    }

    public struct Snapshot: Sendable {
        public var outcomes: [String: Int]
        /// Cumulative counts per bound in `bounds`.
        public var buckets: [Int]
        public var count: Int
        public var sum: Double
    }

    public func snapshot() -> Snapshot {
        lock.withLock { Snapshot(outcomes: outcomes, buckets: buckets, count: count, sum: sum) }
    }
}
