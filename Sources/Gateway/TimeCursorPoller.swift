import CEBMessages
public import Foundation
public import HTTPClient
public import Outbox

/// Receipts pulled by a time cursor, as some regional gateways serve them:
/// `GET <url>?dxpid=<our DXP id>&qryid=<yyyyMMddHHmmss, China time>` answers
/// `{"receipts": [{"time": "yyyyMMddHHmmss", "xml": "<Base64>"}]}` — every receipt from that
/// moment on. The cursor is kept in the outbox and moved to the latest time read only after the
/// receipts are committed; the next query starts at that same second (receipts of one second may
/// arrive in two answers), and what is read twice is a duplicate, recognised by its content.
public final class TimeCursorPoller: @unchecked Sendable {  // poll() runs on one thread at a time
    public let url: String
    let dxpID: String
    let intake: ReceiptIntake
    let store: SQLOutbox
    let client: CurlClient
    /// Where a cursor starts the first time: this long before now.
    let lookBack: TimeInterval

    public init(
        url: String, dxpID: String, intake: ReceiptIntake, store: SQLOutbox, http: HTTPConfiguration, lookBack: TimeInterval = 86_400
    )
        throws
    {
        self.url = url
        self.dxpID = dxpID
        self.intake = intake
        self.store = store
        self.lookBack = lookBack
        var configuration = http
        configuration.totalTimeout = max(http.totalTimeout, 15)
        client = try CurlClient(configuration: configuration)
    }

    /// The cursor's name in the outbox: one per URL and DXP id.
    var cursorName: String { "time:\(url)#\(dxpID)" }

    @discardableResult
    public func poll(now: Date = Date()) throws -> ReceiptIntake.Counts {
        let cursor = try store.pollCursor(cursorName) ?? CEBTime.appTime(now.addingTimeInterval(-lookBack))
        var components = URLComponents(string: url)
        let existing = components?.queryItems ?? []
        components?.queryItems = existing + [URLQueryItem(name: "dxpid", value: dxpID), URLQueryItem(name: "qryid", value: cursor)]
        let response = try client.get(components?.string ?? url)
        var total = ReceiptIntake.Counts()
        guard response.status == 200, let object = try JSONSerialization.jsonObject(with: response.body) as? [String: Any],
            let items = object["receipts"] as? [[String: Any]], !items.isEmpty
        else { return total }
        var batch: [IncomingReceipt] = []
        var latest = cursor
        for item in items {
            guard let time = item["time"] as? String, time.count == 14, time.allSatisfy(\.isNumber), let text = item["xml"] as? String,
                let data = Data(base64Encoded: text)
            else {
                total.refused += 1
                continue
            }
            latest = max(latest, time)
            do {
                batch.append(contentsOf: try intake.prepare(data, source: "poll \(url) at \(time)"))
            } catch {
                total.refused += 1
            }
        }
        total.add(try intake.apply(batch))
        // Only now: a crash before this reads the window again, and duplicates are harmless.
        if latest != cursor { try store.setPollCursor(cursorName, to: latest, now: now) }
        return total
    }
}
