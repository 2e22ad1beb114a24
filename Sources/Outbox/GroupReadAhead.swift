import Foundation

/// Hands values from a producing thread to a consuming one, one at a time: the producer works
/// on the next value while the consumer uses the last, and never more than one value waits, so
/// memory holds two at most.
///
/// The consumer ends it with ``stop()`` whether or not it took everything (it may have thrown):
/// a producer blocked in ``put(_:)`` is released with an error, and `stop` returns only once the
/// producer has finished — so nothing it reads or holds is still in use afterwards.
final class GroupReadAhead<Value: Sendable>: @unchecked Sendable {  // every field is read and written under `condition`
    private let condition = NSCondition()
    private var waiting: Value?
    private var end: Result<Void, any Error>?
    private var stopped = false

    /// The consumer stopped before the producer was done.
    struct Stopped: Error {}

    /// Called by the producer: waits until the last value was taken, then leaves `value`.
    func put(_ value: Value) throws {
        condition.lock()
        defer { condition.unlock() }
        while waiting != nil, !stopped { condition.wait() }
        if stopped { throw Stopped() }
        waiting = value
        condition.broadcast()
    }

    /// Called by the producer once, when it is done (or failed).
    func finish(_ result: Result<Void, any Error>) {
        condition.lock()
        defer { condition.unlock() }
        end = result
        condition.broadcast()
    }

    /// Called by the consumer: the next value, nil when the producer is done, or its error.
    func take() throws -> Value? {
        condition.lock()
        defer { condition.unlock() }
        while waiting == nil, end == nil { condition.wait() }
        if let value = waiting {
            waiting = nil
            condition.broadcast()
            return value
        }
        try end?.get()
        return nil
    }

    /// Called by the consumer when it leaves: releases the producer and waits until it has finished.
    func stop() {
        condition.lock()
        defer { condition.unlock() }
        stopped = true
        waiting = nil
        condition.broadcast()
        while end == nil { condition.wait() }
    }
}
