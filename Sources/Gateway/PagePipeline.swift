import Foundation
import ThreadSupport

/// Takes pages in while the next one is on its way: page N is applied on the calling thread
/// while page N+1 is fetched and read on a thread of its own.
///
/// Applying is a database transaction and fetching is a request and a parse: done one after the
/// other, a poller with a backlog keeps one core busy and the other waiting. Done side by side,
/// the answers of a run's last sends come in about as fast as they are applied.
///
/// Order and the cursor stay as they were: pages are applied one at a time, in the order they
/// were fetched, and the next page is fetched after the highest id of the page before — which
/// only counts as read once that page is applied (`apply` moves the caller's cursor). When
/// applying fails, the page fetched meanwhile is waited for and dropped, and the error thrown:
/// the next poll fetches it again.
enum PagePipeline {
    /// Applies `first` and every page after it, until `next` answers nil (nothing more) or
    /// throws (after the pages before it are applied).
    static func run<Page: Sendable>(
        first: Page, thread name: String, next: @escaping @Sendable (Page) throws -> Page?, apply: (Page) throws -> Void
    ) throws {
        var page = first
        while true {
            let ahead = Fetch(after: page, thread: name, next)
            do {
                try apply(page)
            } catch {
                _ = try? ahead.wait()
                throw error
            }
            guard let following = try ahead.wait() else { return }
            page = following
        }
    }

    /// The next page, being fetched on a thread of its own.
    private final class Fetch<Page: Sendable>: @unchecked Sendable {  // `result` is written before `done` is signalled
        private let done = DispatchSemaphore(value: 0)
        private var result: Result<Page?, any Error> = .success(nil)

        init(after page: Page, thread name: String, _ next: @escaping @Sendable (Page) throws -> Page?) {
            NamedThread.start(name) { [self] in
                result = Result { try next(page) }
                done.signal()
            }
        }

        func wait() throws -> Page? {
            done.wait()
            return try result.get()
        }
    }
}
