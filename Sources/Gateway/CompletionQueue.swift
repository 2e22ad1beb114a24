import Foundation
import Outbox

/// Outcomes of sends, handed from the sending threads to the thread that records them: it
/// sleeps until at least one is there, then takes all that are.
/// Sending threads also learn here whether the round was given up.
final class CompletionQueue: @unchecked Sendable {  // its state is read and written under `condition`
    private let condition = NSCondition()
    private var items: [SQLOutbox.Completion] = []
    private var cancelled = false

    /// Set when the round gives up: sends not yet started are given back instead.
    var isCancelled: Bool {
        condition.lock()
        defer { condition.unlock() }
        return cancelled
    }

    func cancel() {
        condition.lock()
        cancelled = true
        condition.unlock()
    }

    func push(_ completion: SQLOutbox.Completion) {
        condition.lock()
        items.append(completion)
        condition.signal()
        condition.unlock()
    }

    /// Waits for one outcome at least, and returns every outcome there is.
    func waitAndTakeAll() -> [SQLOutbox.Completion] {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty { condition.wait() }
        let taken = items
        items.removeAll(keepingCapacity: true)
        return taken
    }
}
