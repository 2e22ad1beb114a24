import CEBMessages
import Foundation
@testable import Gateway
@testable import Outbox
import Synchronization
import Testing

/// The recording thread asks for as many outcomes as it can use and is woken once for them.
@Suite("Completion queue")
struct CompletionQueueTests {
    static func completion(_ id: Int64) -> SQLOutbox.Completion {
        let message = ClaimedMessage(
            id: id, guid: "G\(id)", type: .ceb311, payload: Data(), attempts: 1, createdAt: Date(), lastAppTime: nil, worker: "w")
        let attempt = AttemptReport(
            startedAt: Date(), finishedAt: Date(), endpoint: nil, transmissionID: nil, httpStatus: nil, outcome: .accepted, error: nil,
            sentSHA256: nil, appTime: nil)
        return SQLOutbox.Completion(message: message, attempt: attempt, event: .delivered, nextAttemptAt: nil)
    }

    @Test("a waiter asking for n outcomes sleeps through fewer and takes them together", arguments: [1, 3, 8])
    func waitsForWhatItAskedFor(asked: Int) throws {
        let queue = CompletionQueue<SQLOutbox.Completion>()
        let taken = Atomic<Int>(-1)
        let done = DispatchSemaphore(value: 0)
        Thread {
            taken.store(queue.waitAndTake(atLeast: asked).count, ordering: .sequentiallyConsistent)
            done.signal()
        }.start()
        for id in 1..<Int64(asked) {
            queue.push(Self.completion(id))
        }
        // Fewer than asked for: the waiter has not returned.
        #expect(done.wait(timeout: .now() + 0.2) == .timedOut)
        #expect(taken.load(ordering: .sequentiallyConsistent) == -1)
        queue.push(Self.completion(Int64(asked)))
        queue.push(Self.completion(Int64(asked) + 1))
        #expect(done.wait(timeout: .now() + 10) == .success)
        // All that were there when it woke; the last push may or may not have been in time.
        let first = taken.load(ordering: .sequentiallyConsistent)
        #expect(first >= asked)
        let rest = first == asked ? queue.waitAndTake(atLeast: 1).count : 0
        #expect(first + rest == asked + 1)
    }
}
