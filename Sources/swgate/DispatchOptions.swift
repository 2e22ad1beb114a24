import ArgumentParser
import Foundation
import Gateway
import Transport

/// Options shared by `swgate run` and `swgate send`.
struct DispatchOptions: ParsableArguments {
    @Option(help: "The endpoint: a base URL (messages to /dxp, receipts from /receipts) or the exact URL to POST to.")
    var endpoint: String

    @Option(help: "Concurrent sends.")
    var concurrency = 4

    @Option(help: "Attempts before a message is dead.")
    var maxAttempts = 8

    @Option(help: "Seconds before the first retry (doubling, with jitter).")
    var backoff = 1.0

    @Option(help: "Longest wait between retries, seconds.")
    var backoffCap = 300.0

    @Option(help: "At most this many sends per second (default: unlimited).")
    var rateLimit: Double?

    @Option(help: "Status the order, payment and waybill need before their inventory is sent: 2 or 120.")
    var acceptance = "2"

    @Option(help: "Per-request timeout, seconds.")
    var timeout = 30.0

    @Option(help: "Seconds a claimed message stays reserved for this worker; a crashed worker's messages return after it.")
    var lease = 60.0

    @Flag(help: "Do not verify TLS certificates (test endpoints only).")
    var insecure = false

    @Option(help: "Bearer token for the endpoint (or $SWGATE_TOKEN).")
    var token: String?

    func validate() throws {
        guard (1...256).contains(concurrency) else { throw ValidationError("--concurrency must be 1…256") }
        guard ["2", "120"].contains(acceptance) else { throw ValidationError("--acceptance must be 2 or 120") }
        guard URL(string: endpoint)?.scheme?.hasPrefix("http") == true else { throw ValidationError("--endpoint must be an http(s) URL") }
    }

    func settings(dxpID: String, receiverID: String) -> DispatchSettings {
        var settings = DispatchSettings(endpoint: endpoint)
        settings.concurrency = concurrency
        settings.maxAttempts = maxAttempts
        settings.backoffBase = backoff
        settings.backoffCap = backoffCap
        settings.rateLimit = rateLimit
        settings.acceptanceStatus = acceptance
        settings.http.totalTimeout = timeout
        settings.lease = lease
        settings.http.verifyTLS = !insecure
        settings.http.bearerToken = token ?? ProcessInfo.processInfo.environment["SWGATE_TOKEN"]
        settings.senderID = dxpID
        settings.receiverID = receiverID
        return settings
    }
}
