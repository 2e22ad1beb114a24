import Foundation
import HTTPClient
import HTTPServerSupport
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
        // libcurl blocks: its posts run on a queue of their own, never on the pool the servers use.
        let queue = BlockingQueue(label: "swgate.simulator.push")
        var after = 0
        while !Task.isCancelled {
            let ready = await customs.due(after: after, limit: 100, now: Date())
            if ready.isEmpty {
                try? await Task.sleep(for: .milliseconds(20))
                continue
            }
            var delivered = true
            for receipt in ready where delivered {
                let status = try? await queue.run {
                    try client.post(url, body: receipt.xml, contentType: "application/xml; charset=utf-8").status
                }
                delivered = (200..<300).contains(status ?? 0)
            }
            if delivered {
                after = ready.map(\.id).max() ?? after
            } else {
                try? await Task.sleep(for: .milliseconds(500))
            }
        }
    }
}
