import Foundation
import Outbox
public import HTTPClient
import ThreadSupport
import Transport

/// Polls an endpoint for receipts (`GET …/receipts?after=ID`) and feeds them to the intake.
public final class ReceiptPoller: @unchecked Sendable {  // poll() runs on one thread at a time: it alone writes `cursor`
    public let url: String
    let intake: ReceiptIntake
    let client: CurlClient
    private(set) var cursor = 0

    public init(url: String, intake: ReceiptIntake, http: HTTPConfiguration) throws {
        self.url = url
        self.intake = intake
        // Polling waits on nothing but the endpoint's own queue: give it time even when sends use a short timeout.
        var configuration = http
        configuration.totalTimeout = max(http.totalTimeout, 15)
        client = try CurlClient(configuration: configuration)
    }

    /// Fetches and applies whatever is ready; returns the counts. While one page is applied,
    /// the next is fetched and read (``PagePipeline``).
    @discardableResult
    public func poll() throws -> ReceiptIntake.Counts {
        var total = ReceiptIntake.Counts()
        guard let first = try fetch(after: cursor) else { return total }
        // A page that moved nothing on (items without ids, or ids below the cursor) ends the
        // poll: asking again after the same id would bring the same page for ever.
        let next: @Sendable (ReadPage) throws -> ReadPage? = { [self] page in
            page.highest > page.after ? try fetch(after: page.highest) : nil
        }
        try PagePipeline.run(first: first, thread: "swgate-poll-read", next: next) { page in
            total.add(try intake.apply(page.receipts))
            total.refused += page.refused
            // Move the cursor only once the page is committed: a crash re-reads it, and duplicates are harmless.
            cursor = page.highest
        }
        return total
    }

    /// A page fetched and read: the id it was asked for after, its receipts, the items refused,
    /// and the highest id it held (`after` when it held none above).
    struct ReadPage: Sendable {
        let after: Int
        var receipts: [IncomingReceipt] = []
        var refused = 0
        var highest: Int
    }

    /// The page after `after`, read; nil when there is nothing more (an empty page, or an
    /// answer that is not a page).
    func fetch(after: Int) throws -> ReadPage? {
        let response = try client.get("\(url)?after=\(after)&limit=\(Self.pageSize)")
        guard response.status == 200, let items = Self.page(response.body), !items.isEmpty else { return nil }
        var page = ReadPage(after: after, highest: after)
        for (item, read) in zip(items, Self.read(items, intake: intake, source: "poll \(url)")) {
            guard let id = item.id, let read else { continue }
            page.highest = max(page.highest, id)
            switch read {
            case .success(let answers): page.receipts.append(contentsOf: answers)
            case .failure: page.refused += 1
            }
        }
        return page
    }

    /// Receipts asked for per request.
    static let pageSize = 500

    /// Each item's receipt decoded and read (nil for an item without an id or a Base64
    /// receipt), on every core: when a busy run's sends are over, the receipts still to read are
    /// what is left to do, and one thread reading them would set the pace. The other slices run
    /// on threads named as the gateway's (`swgate-poll-read`), so that what they spend is
    /// counted as the gateway's wherever threads are told apart by name.
    static func read(_ items: [Page.Item], intake: ReceiptIntake, source: String) -> [Result<[IncomingReceipt], any Error>?] {
        let slices =
            items.count < minimumPerSlice * 2 ? 1 : min(items.count / minimumPerSlice, ProcessInfo.processInfo.activeProcessorCount)
        let results = ReadResults(count: items.count)
        let readSlice: @Sendable (Int) -> Void = { slice in
            for index in stride(from: slice, to: items.count, by: slices) {
                let item = items[index]
                guard item.id != nil, let text = item.xml, let data = Data(base64Encoded: text) else { continue }
                results.set(index, Result { try intake.prepare(data, source: source) })
            }
        }
        let helpers = DispatchGroup()
        for slice in 1..<max(1, slices) {
            helpers.enter()
            NamedThread.start("swgate-poll-read") {
                readSlice(slice)
                helpers.leave()
            }
        }
        readSlice(0)
        helpers.wait()
        return results.taken()
    }

    /// Receipts a reading thread takes at least: a page of a few is read where it arrived.
    static let minimumPerSlice = 16

    /// One page of the endpoint's answer: `{"receipts": [{"id": …, "xml": "<Base64>"}, …]}`.
    enum Page {
        /// An item whose id or receipt is missing or of another type is kept with nil there and
        /// skipped, not a reason to refuse the page (which would be fetched again for ever).
        struct Item: Sendable, Equatable {
            var id: Int?
            var xml: String?
        }
    }

    /// The page's items, or nil when the body is not such a page.
    static func page(_ body: Data) -> [Page.Item]? {
        ReceiptPageReader.items(body)
    }
}

/// The results of reading a page, written by the threads that read it, each its own slots.
private final class ReadResults: @unchecked Sendable {  // `slots` is read and written under `lock`
    private let lock = NSLock()
    private var slots: [Result<[IncomingReceipt], any Error>?]

    init(count: Int) {
        slots = Array(repeating: nil, count: count)
    }

    func set(_ index: Int, _ result: Result<[IncomingReceipt], any Error>) {
        lock.withLock { slots[index] = result }
    }

    func taken() -> [Result<[IncomingReceipt], any Error>?] {
        lock.withLock { slots }
    }
}
