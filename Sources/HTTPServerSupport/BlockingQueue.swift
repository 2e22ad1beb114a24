import Foundation

/// Blocking work (SQLite, PostgreSQL, files) for async request handlers: it runs on a serial
/// dispatch queue of its own, so it never holds one of the cooperative pool's few threads, which
/// serve every connection of the listener.
public struct BlockingQueue: Sendable {
    private let queue: DispatchQueue

    public init(label: String) {
        queue = DispatchQueue(label: label)
    }

    /// Runs `work` on the queue, one at a time, and returns its result.
    public func run<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }
}
