import Foundation
import Outbox
public import HTTPClient
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

    /// Fetches and applies whatever is ready; returns the counts.
    @discardableResult
    public func poll() throws -> ReceiptIntake.Counts {
        var total = ReceiptIntake.Counts()
        while true {
            let response = try client.get("\(url)?after=\(cursor)&limit=500")
            guard response.status == 200, let items = Self.page(response.body) else { return total }
            if items.isEmpty { return total }
            var batch: [IncomingReceipt] = []
            var highest = cursor
            for item in items {
                guard let id = item.id, let text = item.xml, let data = Data(base64Encoded: text) else { continue }
                highest = max(highest, id)
                do {
                    batch.append(contentsOf: try intake.prepare(data, source: "poll \(url)"))
                } catch {
                    total.refused += 1
                }
            }
            total.add(try intake.apply(batch))
            // Move the cursor only once the batch is committed: a crash re-reads it, and duplicates are harmless.
            cursor = highest
            if items.count < 500 { return total }
        }
    }

    /// One page of the endpoint's answer: `{"receipts": [{"id": …, "xml": "<Base64>"}, …]}`.
    struct Page: Decodable {
        /// An item whose id or receipt is missing or of another type is kept with nil there and
        /// skipped, not a reason to refuse the page (which would be fetched again for ever).
        struct Item: Decodable {
            var id: Int?
            var xml: String?

            private enum CodingKeys: String, CodingKey { case id, xml }

            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                id = try? container.decode(Int.self, forKey: .id)
                xml = try? container.decode(String.self, forKey: .xml)
            }
        }
        var receipts: [Item]
    }

    /// The page's items, or nil when the body is not such a page.
    static func page(_ body: Data) -> [Page.Item]? {
        try? JSONDecoder().decode(Page.self, from: body).receipts
    }
}
