import Foundation
import HTTPClient
import Transport

/// Push delivery: posts every receipt, as customs' DxpMsg, to a receiver (`--push-url`), in the
/// order the simulator hands them out. A batch that did not fully get through is sent again later
/// — whole — so the receiver sees duplicates, as it would from the real single window.
struct ReceiptPusher: Sendable {
    let customs: SimulatedCustoms
    let url: String
    let token: String?

    func run() async {
        var configuration = HTTPConfiguration()
        configuration.bearerToken = token
        configuration.totalTimeout = 10
        guard let client = try? CurlClient(configuration: configuration) else { return }
        let sender = BlockingPoster(client: client)
        var after = 0
        while !Task.isCancelled {
            let ready = await customs.due(after: after, limit: 100, now: Date())
            if ready.isEmpty {
                try? await Task.sleep(for: .milliseconds(20))
                continue
            }
            var delivered = true
            for receipt in ready where delivered {
                delivered = await sender.post(url, receipt.xml)
            }
            if delivered {
                after = ready.map(\.id).max() ?? after
            } else {
                try? await Task.sleep(for: .milliseconds(500))
            }
        }
    }
}

/// Runs libcurl's blocking POST on a dispatch queue, off the server's threads.
final class BlockingPoster: @unchecked Sendable {  // the client is only used on the serial `queue`
    private let client: CurlClient
    private let queue = DispatchQueue(label: "swgate.simulator.push")

    init(client: CurlClient) { self.client = client }

    /// Whether the receiver answered 2xx.
    func post(_ url: String, _ body: Data) async -> Bool {
        await withCheckedContinuation { continuation in
            queue.async {
                let status = (try? self.client.post(url, body: body, contentType: "application/xml; charset=utf-8"))?.status ?? 0
                continuation.resume(returning: (200..<300).contains(status))
            }
        }
    }
}
