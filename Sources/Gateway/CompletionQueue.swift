import Foundation

/// Outcomes of sends, handed from the sending threads to the thread that records them: it
/// sleeps until as many are there as it can use, then takes all that are. Asking for several
/// wakes it once for them rather than once a send (each wake is a switch of threads).
/// Sending threads also learn here whether the round was given up.
final class CompletionQueue<Item: Sendable>: @unchecked Sendable {  // its state is read and written under `condition`
    private let condition = NSCondition()
    private var items: [Item] = []
    private var wanted = 1
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

    func push(_ item: Item) {
        condition.lock()
        items.append(item)
        if items.count >= wanted { condition.signal() }
        condition.unlock()
    }

    /// Waits until `count` outcomes (one at least) are there, and returns every outcome there is.
    /// The caller must have that many sends under way, or it waits for ever.
    func waitAndTake(atLeast count: Int) -> [Item] {
        condition.lock()
        defer { condition.unlock() }
        wanted = max(1, count)
        while items.count < wanted { condition.wait() }
        wanted = 1
        let taken = items
        items.removeAll(keepingCapacity: true)
        return taken
    }
}
