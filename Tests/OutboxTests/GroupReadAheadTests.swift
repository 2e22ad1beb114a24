import Foundation
import Testing

@testable import Outbox

/// The submission's spill is decoded one group ahead of its transaction: values come in order,
/// at most one waits, and a consumer that leaves early never leaves the producer running.
@Suite("Group read-ahead")
struct GroupReadAheadTests {
    struct Broken: Error {}

    /// What the producer did, as it finished.
    final class Outcome: @unchecked Sendable {  // written once under `lock`, read after `stop`/`take` synchronise
        private let lock = NSLock()
        private var puts = 0
        private var error: (any Error)?
        func put() { lock.withLock { puts += 1 } }
        func ended(_ result: Result<Void, any Error>) { lock.withLock { if case .failure(let failure) = result { error = failure } } }
        var state: (puts: Int, error: (any Error)?) { lock.withLock { (puts, error) } }
    }

    static func produce(_ count: Int, failing: Bool = false, into ahead: GroupReadAhead<Int>, outcome: Outcome) {
        Thread.detachNewThread {
            let result = Result<Void, any Error> {
                for value in 0..<count {
                    try ahead.put(value)
                    outcome.put()
                }
                if failing { throw Broken() }
            }
            outcome.ended(result)
            ahead.finish(result)
        }
    }

    @Test("every value arrives in order, then the end; no more than one runs ahead of the consumer")
    func inOrder() throws {
        let ahead = GroupReadAhead<Int>()
        let outcome = Outcome()
        Self.produce(50, into: ahead, outcome: outcome)
        var taken: [Int] = []
        while let value = try ahead.take() {
            taken.append(value)
            // The producer may have left the next value, never two more.
            #expect(outcome.state.puts <= taken.count + 1)
            Thread.sleep(forTimeInterval: 0.001)
        }
        ahead.stop()
        #expect(taken == Array(0..<50))
    }

    @Test("a consumer that stops early releases a producer waiting to hand over, and waits for it")
    func stopsEarly() throws {
        let ahead = GroupReadAhead<Int>()
        let outcome = Outcome()
        Self.produce(1_000, into: ahead, outcome: outcome)
        #expect(try ahead.take() == 0)
        ahead.stop()
        // stop() returned: the producer has finished, told to stop while it waited.
        let state = outcome.state
        #expect(state.error is GroupReadAhead<Int>.Stopped)
        #expect(state.puts < 1_000)
    }

    @Test("the producer's error reaches the consumer after the values before it")
    func producerFails() throws {
        let ahead = GroupReadAhead<Int>()
        Self.produce(3, failing: true, into: ahead, outcome: Outcome())
        var taken: [Int] = []
        #expect(throws: Broken.self) {
            while let value = try ahead.take() { taken.append(value) }
        }
        ahead.stop()
        #expect(taken == [0, 1, 2])
    }

    /// A value that notes the thread it is freed on.
    final class Tracked: Sendable {
        let freed: Freed
        init(_ freed: Freed) { self.freed = freed }
        deinit { freed.note(Thread.current.name ?? "") }
    }

    final class Freed: @unchecked Sendable {  // `threads` only under `lock`
        private let lock = NSLock()
        private var threads: [String] = []
        func note(_ thread: String) { lock.withLock { threads.append(thread) } }
        var all: [String] { lock.withLock { threads } }
    }

    @Test("what the consumer gives back is freed on the producer's thread, before stop returns")
    func givenBackFreedByProducer() throws {
        let ahead = GroupReadAhead<Tracked>()
        let freed = Freed()
        Thread.detachNewThread {
            Thread.current.name = "producer"
            ahead.finish(Result { for _ in 0..<20 { try ahead.put(Tracked(freed)) } })
        }
        var taken = 0
        var value = try ahead.take()
        while value != nil {
            taken += 1
            // Moved out of `value`: the read-ahead holds the only reference.
            if let done = value.take() { ahead.giveBack(consume done) }
            value = try ahead.take()
        }
        ahead.stop()
        #expect(taken == 20)
        #expect(freed.all.count == 20)
        #expect(freed.all.allSatisfy { $0 == "producer" })
    }
}
