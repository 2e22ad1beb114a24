import Foundation
import HTTPClient
import HTTPServerSupport
import Logging

/// Calls the platform's platDataOpen every `interval` for a random order the simulator has been
/// declared, as customs tests a registered interface.
struct PlatformDataCaller: Sendable {
    let customs: SimulatedCustoms
    let platform: PlatformDataCustoms
    /// The platform's platDataOpen URL.
    let url: String
    let interval: TimeInterval
    let token: String?

    func run() async {
        var configuration = HTTPConfiguration()
        configuration.totalTimeout = 5
        configuration.bearerToken = token
        guard let client = try? CurlClient(configuration: configuration) else { return }
        // libcurl blocks: the calls run on a queue of their own, never on the pool that serves the
        // platform's interface when it is in this process (`swgate demo`).
        let queue = BlockingQueue(label: "swgate.simulator.179")
        let logger = Logger(label: "swgate.simulator.179")
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(Int(interval * 1000)))
            guard !Task.isCancelled else { return }
            guard let orderNo = await platform.pick(await customs.declaredOrders()) else { continue }
            let session = await platform.issue(orderNo: orderNo)
            let time = Int64((Date().timeIntervalSince1970 * 1000).rounded())
            let fields: [String: Any] = ["orderNo": orderNo, "sessionID": session, "serviceTime": time]
            let request = (try? JSONSerialization.data(withJSONObject: fields)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
            let body = Data(("openReq=" + FormEncoding.encode(request)).utf8)
            let response = try? await queue.run { try client.post(url, body: body, contentType: "application/x-www-form-urlencoded") }
            let answer = response.flatMap { try? JSONSerialization.jsonObject(with: $0.body) as? [String: Any] }
            let ok = response?.status == 200 && (answer?["code"] as? String) == "10000"
            if !ok { logger.warning("platDataOpen did not answer 10000 for \(orderNo): HTTP \(response?.status ?? 0)") }
            await platform.answered(ok)
        }
    }
}
