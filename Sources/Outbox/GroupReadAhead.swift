import Foundation

/// Hands values from a producing thread to a consuming one, one at a time: the producer works
/// on the next value while the consumer uses the last, and never more than one value waits, so
/// memory holds two at most.
///
/// The consumer may hand each value back when done with it (``giveBack(_:)``): the producer
/// frees it on its own thread, so that the consumer's thread does not spend its time releasing
/// what it has used.
///
/// The consumer ends it with ``stop()`` whether or not it took everything (it may have thrown):
/// a producer blocked in ``put(_:)`` is released with an error, and `stop` returns only once the
/// producer has finished — so nothing it reads or holds is still in use afterwards.
final class GroupReadAhead<Value: Sendable>: @unchecked Sendable {  // every field is read and written under `condition`
    private let condition = NSCondition()
    private var waiting: Value?
    private var end: Result<Void, any Error>?
    private var stopped = false
    private var returned: [Value] = []
    /// The producer has finished and freed everything given back.
    private var drained = false

    /// The consumer stopped before the producer was done.
    struct Stopped: Error {}

    /// Called by the producer: waits until the last value was taken, then leaves `value`. What
    /// the consumer gave back meanwhile is freed here, outside the lock.
    func put(_ value: Value) throws {
        var done: [Value] = []
        defer { done.removeAll() }
        condition.lock()
        defer { condition.unlock() }
        while waiting != nil, !stopped { condition.wait() }
        if stopped { throw Stopped() }
        waiting = value
        swap(&done, &returned)
        condition.broadcast()
    }

    /// Called by the consumer with a value it took and no longer needs.
    func giveBack(_ value: consuming Value) {
        condition.lock()
        defer { condition.unlock() }
        returned.append(value)
        condition.broadcast()
    }

    /// Called by the producer once, when it is done (or failed). It then frees what the consumer
    /// gives back until the consumer stops.
    func finish(_ result: Result<Void, any Error>) {
        condition.lock()
        end = result
        condition.broadcast()
        while !stopped || !returned.isEmpty {
            guard !returned.isEmpty else {
                condition.wait()
                continue
            }
            var done: [Value] = []
            swap(&done, &returned)
            condition.unlock()
            done.removeAll()
            condition.lock()
        }
        drained = true
        condition.broadcast()
        condition.unlock()
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

    /// Called by the consumer when it leaves: releases the producer and waits until it has finished
    /// (and freed what was given back).
    func stop() {
        condition.lock()
        defer { condition.unlock() }
        stopped = true
        waiting = nil
        condition.broadcast()
        while !drained { condition.wait() }
    }
}
