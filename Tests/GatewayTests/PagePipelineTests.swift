import Foundation
import Testing

@testable import Gateway

/// Polled pages are applied in order, one at a time, while the next is fetched; the cursor
/// moves only past pages applied.
@Suite("Page pipeline")
struct PagePipelineTests {
    struct Failure: Error {}

    /// What the closures saw, from the threads they ran on.
    final class Trace: @unchecked Sendable {  // every field is read and written under `lock`
        private let lock = NSLock()
        private var events: [String] = []
        func note(_ event: String) { lock.withLock { events.append(event) } }
        var seen: [String] { lock.withLock { events } }
    }

    @Test("each page is applied while the next one is fetched, in order, until nothing more comes")
    func overlaps() throws {
        let trace = Trace()
        let fetching = DispatchSemaphore(value: 0)
        var cursor = 0
        try PagePipeline.run(
            first: 1, thread: "test-fetch",
            next: { page in
                trace.note("fetch after \(page)")
                fetching.signal()
                return page < 3 ? page + 1 : nil
            }
        ) { page in
            // Applying a page waits until the next one is being fetched: one after the other, it never would be.
            #expect(fetching.wait(timeout: .now() + 10) == .success, "page \(page + 1) was not fetched while page \(page) was applied")
            trace.note("apply \(page)")
            cursor = page
        }
        #expect(cursor == 3)
        #expect(trace.seen.filter { $0.hasPrefix("apply") } == ["apply 1", "apply 2", "apply 3"])
        #expect(trace.seen.filter { $0.hasPrefix("fetch") } == ["fetch after 1", "fetch after 2", "fetch after 3"])
    }

    @Test("a page that fails to apply stops the run: the cursor stays after the last page applied")
    func applyFails() {
        let trace = Trace()
        var cursor = 0
        #expect(throws: Failure.self) {
            try PagePipeline.run(
                first: 1, thread: "test-fetch",
                next: { page in
                    trace.note("fetch after \(page)")
                    return page + 1
                }
            ) { page in
                if page == 2 { throw Failure() }
                cursor = page
            }
        }
        #expect(cursor == 1)
        // The page fetched while page 2 failed is waited for, not left running: nothing is fetched after it.
        #expect(trace.seen == ["fetch after 1", "fetch after 2"])
    }

    @Test("a fetch that fails ends the run after the pages before it are applied")
    func fetchFails() {
        var applied: [Int] = []
        #expect(throws: Failure.self) {
            try PagePipeline.run(
                first: 1, thread: "test-fetch",
                next: { page in
                    if page == 2 { throw Failure() }
                    return page + 1
                }
            ) {
                applied.append($0)
            }
        }
        #expect(applied == [1, 2])
    }
}
