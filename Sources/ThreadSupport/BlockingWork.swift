/// Awaits blocking work — a libcurl transfer, a worker's loop, a child process — done on a thread
/// of its own.
///
/// Swift's concurrency pool has as many threads as the machine has cores. Work that blocks one of
/// them (a socket read, `waitUntilExit`) takes it from every task in the process, and a listener
/// in the same process — Hummingbird runs its handlers on that pool — cannot answer the request
/// the blocked thread is waiting for once every pool thread blocks so. Blocking work called from
/// asynchronous code goes through here instead.
public enum BlockingWork {
    /// Runs `body` on a new thread called `name` and returns (or throws) what it does.
    public static func run<T: Sendable>(_ name: String = "swgate-blocking", _ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            NamedThread.start(name) {
                do {
                    continuation.resume(returning: try body())
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }
}
